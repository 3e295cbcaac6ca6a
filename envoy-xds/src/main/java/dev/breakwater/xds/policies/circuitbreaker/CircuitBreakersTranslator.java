package dev.breakwater.xds.policies.circuitbreaker;

import dev.breakwater.xds.policies.circuitbreaker.CircuitBreakerSettings.Limits;
import dev.breakwater.xds.policy.Protos;
import io.envoyproxy.envoy.config.cluster.v3.CircuitBreakers;
import io.envoyproxy.envoy.config.core.v3.RoutingPriority;

/** CircuitBreakerPolicy {@code limits} -> cluster {@code circuit_breakers} (default priority). */
final class CircuitBreakersTranslator {
  private CircuitBreakersTranslator() {}

  static CircuitBreakers circuitBreakers(Limits limits) {
    CircuitBreakers.Thresholds.Builder t = CircuitBreakers.Thresholds.newBuilder()
        .setPriority(RoutingPriority.DEFAULT)
        // remaining_* gauges let status and dashboards show how close a limit is.
        .setTrackRemaining(true);
    if (limits.maxConnections() != null) {
      t.setMaxConnections(Protos.uint32(limits.maxConnections()));
    }
    if (limits.maxPendingRequests() != null) {
      t.setMaxPendingRequests(Protos.uint32(limits.maxPendingRequests()));
    }
    if (limits.maxRequests() != null) {
      t.setMaxRequests(Protos.uint32(limits.maxRequests()));
    }
    if (limits.maxRetries() != null) {
      t.setMaxRetries(Protos.uint32(limits.maxRetries()));
    }
    return CircuitBreakers.newBuilder().addThresholds(t).build();
  }
}
