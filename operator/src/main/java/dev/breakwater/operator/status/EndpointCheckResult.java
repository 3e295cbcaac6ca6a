package dev.breakwater.operator.status;

import java.time.Instant;

/**
 * What the operator's own check of one endpoint got (HealthCheck): Envoy reports that an endpoint
 * fails its check, never why.
 *
 * @param result the HTTP status ("404"), gRPC health status or network error ("connection
 *     refused", "timeout after 1s")
 * @param since when the checks in a row that got this same result began
 */
public record EndpointCheckResult(boolean passed, String result, Instant since) {}
