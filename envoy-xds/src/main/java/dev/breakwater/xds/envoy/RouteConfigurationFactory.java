package dev.breakwater.xds.envoy;

import dev.breakwater.xds.ir.RoutedPort;
import dev.breakwater.xds.ir.RoutedService;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.names.EnvoyNames;
import dev.breakwater.xds.policies.PolicyKinds;
import dev.breakwater.xds.policy.PolicyKind;
import dev.breakwater.xds.policy.RouteDraft;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.List;

/**
 * One route configuration per Service (Envoy rebuilds a route configuration, and refills its
 * rate limit buckets, whenever any part of it changes): a virtual host per routed port, whose
 * routes start as one catch-all to the port's cluster and are then shaped by the port's policies,
 * kind by kind in registry order.
 */
final class RouteConfigurationFactory {
  private RouteConfigurationFactory() {}

  static RouteConfiguration routeConfiguration(RoutedService service) {
    RouteConfiguration.Builder config = RouteConfiguration.newBuilder()
        .setName(EnvoyNames.routeConfiguration(service.namespace(), service.name()));
    for (RoutedPort port : service.ports()) {
      VirtualHost.Builder host = VirtualHost.newBuilder()
          .setName(EnvoyNames.virtualHost(port.namespace(), port.service(), port.port()))
          .addAllDomains(VirtualHostDomains.of(service, port));
      for (PolicyKind<?> kind : PolicyKinds.all()) {
        Policy policy = port.policies().get(kind.name());
        if (policy != null) {
          PolicyKinds.shapeVirtualHost(policy, port, host);
        }
      }
      routes(port).forEach(route -> host.addRoutes(route.build()));
      config.addVirtualHosts(host);
    }
    return config.build();
  }

  private static List<RouteDraft> routes(RoutedPort port) {
    List<RouteDraft> routes = List.of(new RouteDraft(
        EnvoyNames.route(port.namespace(), port.service(), port.port()),
        RouteMatch.newBuilder().setPrefix("/").build(),
        RouteAction.newBuilder().setCluster(port.clusterName()).build()));
    for (PolicyKind<?> kind : PolicyKinds.all()) {
      Policy policy = port.policies().get(kind.name());
      if (policy != null) {
        routes = PolicyKinds.shapeRoutes(policy, port, routes);
      }
    }
    return routes;
  }
}
