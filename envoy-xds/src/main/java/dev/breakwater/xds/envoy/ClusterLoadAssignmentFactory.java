package dev.breakwater.xds.envoy;

import dev.breakwater.xds.ir.IrEndpoint;
import dev.breakwater.xds.ir.RoutedPort;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;

/** EDS: the addresses behind a Service port, with Kubernetes readiness as Envoy health status. */
final class ClusterLoadAssignmentFactory {
  private ClusterLoadAssignmentFactory() {}

  static ClusterLoadAssignment loadAssignment(RoutedPort port) {
    LocalityLbEndpoints.Builder locality = LocalityLbEndpoints.newBuilder();
    for (IrEndpoint endpoint : port.endpoints()) {
      locality.addLbEndpoints(LbEndpoint.newBuilder()
          .setEndpoint(Endpoint.newBuilder().setAddress(Address.newBuilder()
              .setSocketAddress(SocketAddress.newBuilder()
                  .setAddress(endpoint.address())
                  .setPortValue(endpoint.port()))))
          .setHealthStatus(healthStatus(endpoint.health())));
    }
    ClusterLoadAssignment.Builder cla = ClusterLoadAssignment.newBuilder().setClusterName(port.clusterName());
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
