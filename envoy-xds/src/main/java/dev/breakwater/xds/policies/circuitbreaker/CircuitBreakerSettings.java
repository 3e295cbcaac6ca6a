package dev.breakwater.xds.policies.circuitbreaker;

import dev.breakwater.xds.model.FixedAnswer;
import dev.breakwater.xds.model.PolicyMode;
import dev.breakwater.xds.model.PolicySettings;
import java.time.Duration;

/**
 * CircuitBreakerPolicy spec, bound after the CRD's defaults were applied. Optional detectors are
 * null when unset.
 *
 * @param failureThreshold consecutive 5xx before an endpoint opens (null: detector off)
 * @param gatewayFailureThreshold consecutive 502/503/504 before an endpoint opens (null: off)
 * @param panicThreshold fail open below this percentage of closed endpoints (null: never)
 * @param fallback where callers go while no endpoint is closed (null: a 503 at once)
 */
public record CircuitBreakerSettings(
    PolicyMode mode,
    Integer failureThreshold,
    Integer gatewayFailureThreshold,
    FailureRate failureRate,
    Duration monitoringPeriod,
    Duration resetTimeout,
    Duration maxResetTimeout,
    int maxOpenEndpointsPercent,
    Integer panicThreshold,
    Fallback fallback,
    Limits limits)
    implements PolicySettings {

  public CircuitBreakerSettings {
    limits = limits == null ? Limits.NONE : limits;
  }

  /** Exactly one of a Service (in the policy's namespace) or a fixed answer. */
  public record Fallback(FallbackService service, FixedAnswer response) {}

  public record FallbackService(String name, int port) {}

  /** Error-rate detector: open endpoints whose 5xx share reaches {@code threshold} percent. */
  public record FailureRate(int threshold, int minimumRequests, int minimumEndpoints) {}

  /** Envoy circuit_breakers thresholds; null means Envoy's default for that threshold. */
  public record Limits(
      Integer maxConnections, Integer maxPendingRequests, Integer maxRequests, Integer maxRetries) {
    public static final Limits NONE = new Limits(null, null, null, null);

    public boolean isEmpty() {
      return maxConnections == null
          && maxPendingRequests == null
          && maxRequests == null
          && maxRetries == null;
    }
  }
}
