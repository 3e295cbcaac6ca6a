package dev.breakwater.xds.policies.circuitbreaker;

import dev.breakwater.xds.model.PolicyMode;
import dev.breakwater.xds.model.PolicySettings;
import java.time.Duration;

/**
 * CircuitBreakerPolicy spec, bound after the CRD's defaults were applied. Optional detectors are
 * null when unset.
 *
 * @param failureThreshold consecutive 5xx before an endpoint opens (null: detector off)
 * @param gatewayFailureThreshold consecutive 502/503/504 before an endpoint opens (null: off)
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
    Limits limits)
    implements PolicySettings {

  public CircuitBreakerSettings {
    limits = limits == null ? Limits.NONE : limits;
  }

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
