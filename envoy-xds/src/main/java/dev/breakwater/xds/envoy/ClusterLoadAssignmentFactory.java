package dev.breakwater.xds.envoy;

import dev.breakwater.xds.ir.Backend;
import dev.breakwater.xds.ir.IrEndpoint;
import dev.breakwater.xds.ir.RoutedPort;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import dev.breakwater.xds.policy.Protos;
import java.util.List;

/** EDS: the addresses behind a Service port, with Kubernetes readiness as Envoy health status. */
final class ClusterLoadAssignmentFactory {
  /** Percent: 1000x, so "healthy share x factor" stays above 100 % down to one endpoint. */
  static final int OVERPROVISIONING_FACTOR = 100_000;

  private ClusterLoadAssignmentFactory() {}

  static ClusterLoadAssignment loadAssignment(RoutedPort port) {
    return loadAssignment(port.clusterName(), port.endpoints());
  }

  static ClusterLoadAssignment loadAssignment(Backend backend) {
    return loadAssignment(backend.clusterName(), backend.endpoints());
  }

  private static ClusterLoadAssignment loadAssignment(String clusterName,
      List<IrEndpoint> endpoints) {
    LocalityLbEndpoints.Builder locality = LocalityLbEndpoints.newBuilder();
    for (IrEndpoint endpoint : endpoints) {
      locality.addLbEndpoints(LbEndpoint.newBuilder()
          .setEndpoint(Endpoint.newBuilder().setAddress(Address.newBuilder()
              .setSocketAddress(SocketAddress.newBuilder()
                  .setAddress(endpoint.address())
                  .setPortValue(endpoint.port()))))
          .setHealthStatus(healthStatus(endpoint.health())));
    }
    ClusterLoadAssignment.Builder cla = ClusterLoadAssignment.newBuilder()
        .setClusterName(clusterName)
        // Envoy moves a share of the traffic to a lower priority, or a cluster an aggregate
        // lists after this one (a breaker's fallback), as soon as some endpoints are unhealthy
        // (7 % with 1 of 3 out, 30 % with 1 of 2): only when none is left, here.
        .setPolicy(ClusterLoadAssignment.Policy.newBuilder()
            .setOverprovisioningFactor(Protos.uint32(OVERPROVISIONING_FACTOR)));
    if (locality.getLbEndpointsCount() > 0) {
      cla.addEndpoints(locality);
    }
    return cla.build();
  }

  private static HealthStatus healthStatus(IrEndpoint.Health health) {
    return switch (health) {
      case HEALTHY -> HealthStatus.HEALTHY;
      case DRAINING -> HealthStatus.DRAINING;
      case UNHEALTHY -> HealthStatus.UNHEALTHY;
    };
  }
}
