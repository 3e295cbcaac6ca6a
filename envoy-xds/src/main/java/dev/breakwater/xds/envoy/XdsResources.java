package dev.breakwater.xds.envoy;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.ScopedRouteConfiguration;
import java.util.List;

/** Envoy v3 resources of one translation, each list sorted by name. */
public record XdsResources(
    List<Cluster> clusters,
    List<ClusterLoadAssignment> endpoints,
    List<Listener> listeners,
    List<RouteConfiguration> routes,
    List<ScopedRouteConfiguration> scopes) {

  public static final XdsResources EMPTY =
      new XdsResources(List.of(), List.of(), List.of(), List.of(), List.of());

  public XdsResources {
    clusters = List.copyOf(clusters);
    endpoints = List.copyOf(endpoints);
    listeners = List.copyOf(listeners);
    routes = List.copyOf(routes);
    scopes = List.copyOf(scopes);
  }
}
