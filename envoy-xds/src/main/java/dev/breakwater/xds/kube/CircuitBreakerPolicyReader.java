package dev.breakwater.xds.kube;

import dev.breakwater.xds.model.CircuitBreakerSpec;
import dev.breakwater.xds.model.CircuitBreakerSpec.FailureRate;
import dev.breakwater.xds.model.CircuitBreakerSpec.Limits;
import dev.breakwater.xds.model.Mode;
import java.time.Duration;

/** {@code CircuitBreakerPolicy.spec}: the rules its CRD schema and CEL rules express. */
final class CircuitBreakerPolicyReader {
  private static final Duration MIN_PERIOD = Duration.ofMillis(10);
  private static final int MAX_THRESHOLD = 1_000_000;

  private CircuitBreakerPolicyReader() {}

  static CircuitBreakerSpec spec(ObjectFields spec) {
    Mode mode = spec.enumValue("mode", Mode.class);
    Integer failureThreshold = spec.integer("failureThreshold", 1, MAX_THRESHOLD);
    Integer gatewayFailureThreshold = spec.integer("gatewayFailureThreshold", 1, MAX_THRESHOLD);
    FailureRate failureRate = failureRate(spec.object("failureRate"));
    Duration monitoringPeriod = spec.duration("monitoringPeriod", MIN_PERIOD);
    Duration resetTimeout = spec.duration("resetTimeout", MIN_PERIOD);
    Duration maxResetTimeout = spec.duration("maxResetTimeout", MIN_PERIOD);
    Integer maxOpen = spec.integer("maxOpenEndpointsPercent", 0, 100);
    Limits limits = limits(spec.object("limits"));

    CircuitBreakerSpec out = new CircuitBreakerSpec(
        mode,
        failureThreshold,
        gatewayFailureThreshold,
        failureRate,
        monitoringPeriod,
        resetTimeout,
        maxResetTimeout,
        maxOpen == null ? CircuitBreakerSpec.DEFAULT_MAX_OPEN_ENDPOINTS_PERCENT : maxOpen,
        limits);
    if (out.maxResetTimeout().compareTo(out.resetTimeout()) < 0) {
      spec.error("maxResetTimeout", "must not be shorter than resetTimeout");
    }
    if (!spec.has("failureThreshold")
        && !spec.has("gatewayFailureThreshold")
        && !spec.has("failureRate")
        && !spec.has("limits")) {
      spec.error(
          "failureThreshold",
          "set at least one of failureThreshold, gatewayFailureThreshold, failureRate or limits");
    }
    return out;
  }

  private static FailureRate failureRate(ObjectFields rate) {
    if (!rate.present()) {
      return null;
    }
    Integer threshold = rate.requiredInteger("threshold", 1, 100);
    Integer minimumRequests = rate.integer("minimumRequests", 1, MAX_THRESHOLD);
    Integer minimumEndpoints = rate.integer("minimumEndpoints", 1, MAX_THRESHOLD);
    return new FailureRate(
        threshold == null ? 100 : threshold,
        minimumRequests == null ? FailureRate.DEFAULT_MINIMUM_REQUESTS : minimumRequests,
        minimumEndpoints == null ? FailureRate.DEFAULT_MINIMUM_ENDPOINTS : minimumEndpoints);
  }

  private static Limits limits(ObjectFields limits) {
    if (!limits.present()) {
      return Limits.NONE;
    }
    Limits out = new Limits(
        limits.integer("maxConnections", 1, Integer.MAX_VALUE),
        limits.integer("maxPendingRequests", 1, Integer.MAX_VALUE),
        limits.integer("maxRequests", 1, Integer.MAX_VALUE),
        limits.integer("maxRetries", 0, Integer.MAX_VALUE));
    if (out.isEmpty()) {
      limits.error("maxConnections",
          "limits must set at least one of maxConnections, maxPendingRequests, maxRequests, maxRetries");
    }
    return out;
  }
}
