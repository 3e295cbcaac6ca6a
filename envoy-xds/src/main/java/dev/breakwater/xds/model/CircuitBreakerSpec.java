package dev.breakwater.xds.model;

import java.time.Duration;

/**
 * CircuitBreakerPolicy spec with defaults applied. Optional detectors are null when unset.
 *
 * @param failureThreshold consecutive 5xx before an endpoint opens (null: detector off)
 * @param gatewayFailureThreshold consecutive 502/503/504 before an endpoint opens (null: off)
 */
public record CircuitBreakerSpec(
    Mode mode,
    Integer failureThreshold,
    Integer gatewayFailureThreshold,
    FailureRate failureRate,
    Duration monitoringPeriod,
    Duration resetTimeout,
    Duration maxResetTimeout,
    int maxOpenEndpointsPercent,
    Limits limits)
    implements PolicySpec {

  public static final Duration DEFAULT_MONITORING_PERIOD = Duration.ofSeconds(10);
  public static final Duration DEFAULT_RESET_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_MAX_RESET_TIMEOUT = Duration.ofSeconds(300);
  public static final int DEFAULT_MAX_OPEN_ENDPOINTS_PERCENT = 10;

  public CircuitBreakerSpec {
    mode = mode == null ? Mode.Enforce : mode;
    monitoringPeriod = monitoringPeriod == null ? DEFAULT_MONITORING_PERIOD : monitoringPeriod;
    resetTimeout = resetTimeout == null ? DEFAULT_RESET_TIMEOUT : resetTimeout;
    maxResetTimeout = maxResetTimeout == null ? DEFAULT_MAX_RESET_TIMEOUT : maxResetTimeout;
  }

  @Override
  public PolicyKind kind() {
    return PolicyKind.CircuitBreakerPolicy;
  }

  /** Error-rate detector: open endpoints whose 5xx share reaches {@code threshold} percent. */
  public record FailureRate(int threshold, int minimumRequests, int minimumEndpoints) {
    /** Envoy's own defaults for failure_percentage_request_volume and _minimum_hosts. */
    public static final int DEFAULT_MINIMUM_REQUESTS = 50;
    public static final int DEFAULT_MINIMUM_ENDPOINTS = 5;
  }

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
