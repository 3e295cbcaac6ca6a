package dev.breakwater.xds.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakwater.xds.envoy.XdsResources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.ScopedRouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;

/**
 * What Envoy needs of a snapshot: every EDS cluster has endpoints, the listener routes by scope,
 * every scope names a route config, and every route config is reached by a scope.
 */
public final class XdsConsistency {
  private XdsConsistency() {}

  public static void assertConsistent(XdsResources resources) throws Exception {
    assertThat(resources.endpoints().stream().map(ClusterLoadAssignment::getClusterName))
        .containsExactlyElementsOf(resources.clusters().stream()
            .map(c -> c.getEdsClusterConfig().getServiceName()).toList());
    assertThat(resources.clusters()).allMatch(c -> c.getType() == Cluster.DiscoveryType.EDS);
    for (var listener : resources.listeners()) {
      for (var chain : listener.getFilterChainsList()) {
        for (var filter : chain.getFiltersList()) {
          assertThat(filter.getTypedConfig().unpack(HttpConnectionManager.class)
              .getScopedRoutes().hasScopedRds()).isTrue();
        }
      }
    }
    var routeNames = resources.routes().stream().map(RouteConfiguration::getName).toList();
    var scoped = resources.scopes().stream()
        .map(ScopedRouteConfiguration::getRouteConfigurationName).distinct().sorted().toList();
    assertThat(scoped).containsExactlyElementsOf(routeNames);
    var clusterNames = resources.clusters().stream().map(Cluster::getName).toList();
    for (RouteConfiguration config : resources.routes()) {
      config.getVirtualHostsList().forEach(vh -> vh.getRoutesList().forEach(r ->
          assertThat(clusterNames).contains(r.getRoute().getCluster())));
    }
  }
}
