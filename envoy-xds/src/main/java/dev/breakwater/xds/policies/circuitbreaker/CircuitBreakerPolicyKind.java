package dev.breakwater.xds.policies.circuitbreaker;

import dev.breakwater.xds.ir.RoutedPort;
import dev.breakwater.xds.model.PolicyMeta;
import dev.breakwater.xds.policy.PolicyKind;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;

/**
 * CircuitBreakerPolicy: per-endpoint breakers (cluster {@code outlier_detection}) and connection
 * limits (cluster {@code circuit_breakers}) on the target's clusters.
 */
public final class CircuitBreakerPolicyKind implements PolicyKind<CircuitBreakerSettings> {
  public static final String NAME = "CircuitBreakerPolicy";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String plural() {
    return "circuitbreakerpolicies";
  }

  @Override
  public Class<CircuitBreakerSettings> specType() {
    return CircuitBreakerSettings.class;
  }

  @Override
  public void shapeCluster(CircuitBreakerSettings spec, PolicyMeta meta, RoutedPort port,
      Cluster.Builder cluster) {
    if (!spec.limits().isEmpty()) {
      cluster.setCircuitBreakers(CircuitBreakersTranslator.circuitBreakers(spec.limits()));
    }
    OutlierDetectionTranslator.outlierDetection(spec).ifPresent(cluster::setOutlierDetection);
  }
}
