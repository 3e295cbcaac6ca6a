package dev.breakwater.xds.policies.timeout;

import dev.breakwater.xds.model.PolicySettings;
import java.time.Duration;

/**
 * TimeoutPolicy spec, bound after the CRD's defaults were applied.
 *
 * @param request the whole request, retries included; zero: no limit
 * @param idle a stream without activity; zero: never
 * @param connect opening a connection to one endpoint
 */
public record TimeoutSettings(Duration request, Duration idle, Duration connect)
    implements PolicySettings {}
