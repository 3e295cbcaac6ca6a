package dev.breakwater.operator.status;

import dev.breakwater.operator.state.PolicyKey;
import java.util.Map;

/** The operator's own checks of the endpoints a HealthCheck's proxies report unhealthy. */
@FunctionalInterface
public interface EndpointCheckSource {

  EndpointCheckSource NONE = key -> Map.of();

  /** The latest result per endpoint address ("10.244.1.7:8080"); only endpoints checked. */
  Map<String, EndpointCheckResult> results(PolicyKey healthCheck);
}
