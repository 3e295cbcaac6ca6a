package dev.breakwater.operator.status;

import dev.breakwater.operator.state.PolicyKey;
import java.util.Map;
import java.util.Set;

/** The operator's own checks of the endpoints a HealthCheck's proxies report unhealthy. */
@FunctionalInterface
public interface EndpointCheckSource {

  EndpointCheckSource NONE = key -> Map.of();

  /** The latest result per endpoint address ("10.244.1.7:8080"); only endpoints checked. */
  Map<String, EndpointCheckResult> results(PolicyKey healthCheck);

  /**
   * The endpoints Envoy reports unhealthy that the target's EndpointSlices mark not ready (or
   * terminating): Envoy takes those out whatever their check says.
   */
  default Set<String> notReady(PolicyKey healthCheck) {
    return Set.of();
  }
}
