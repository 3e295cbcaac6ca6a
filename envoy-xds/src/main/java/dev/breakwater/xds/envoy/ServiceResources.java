package dev.breakwater.xds.envoy;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.ScopedRouteConfiguration;
import java.util.List;

/**
 * The Envoy resources of one routed Service: its route configuration, its scopes (one per host
 * name), and per port its cluster(s) and endpoints. Nothing in them depends on another Service,
 * so a Service whose IR did not change keeps them (incremental translation). The clusters of
 * services its policies call (a rate limit service) are shared by every Service that needs them,
 * so they are listed apart: the caller keeps one per name.
 */
public record ServiceResources(
    RouteConfiguration routes,
    List<ScopedRouteConfiguration> scopes,
    List<Cluster> clusters,
    List<ClusterLoadAssignment> endpoints,
    List<Cluster> serviceClusters) {

  public ServiceResources {
    scopes = List.copyOf(scopes);
    clusters = List.copyOf(clusters);
    endpoints = List.copyOf(endpoints);
    serviceClusters = List.copyOf(serviceClusters);
  }
}
