package dev.breakwater.xds.envoy;

import dev.breakwater.xds.ir.Backend;
import dev.breakwater.xds.ir.RoutedPort;
import dev.breakwater.xds.ir.RoutedService;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.policies.PolicyKinds;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.ScopedRouteConfiguration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** IR -> Envoy resources: one factory per resource type. */
public final class XdsResourcesFactory {
  private final EnvoyOptions options;

  public XdsResourcesFactory(EnvoyOptions options) {
    this.options = options;
  }

  public XdsResources build(List<RoutedService> services) {
    List<Cluster> clusters = new ArrayList<>();
    List<ClusterLoadAssignment> endpoints = new ArrayList<>();
    List<RouteConfiguration> routes = new ArrayList<>();
    List<ScopedRouteConfiguration> scopes = new ArrayList<>();
    // one per name, however many policies call the service
    Map<String, Cluster> serviceClusters = new LinkedHashMap<>();
    for (RoutedService service : services) {
      ServiceResources built = service(service);
      routes.add(built.routes());
      scopes.addAll(built.scopes());
      clusters.addAll(built.clusters());
      endpoints.addAll(built.endpoints());
      built.serviceClusters().forEach(c -> serviceClusters.putIfAbsent(c.getName(), c));
    }
    clusters.addAll(serviceClusters.values());
    clusters.sort(Comparator.comparing(Cluster::getName));
    endpoints.sort(Comparator.comparing(ClusterLoadAssignment::getClusterName));
    routes.sort(Comparator.comparing(RouteConfiguration::getName));
    scopes.sort(Comparator.comparing(ScopedRouteConfiguration::getName));
    return new XdsResources(clusters, endpoints, List.of(listener()), routes, scopes);
  }

  /** The one listener: it depends on the options only. */
  public Listener listener() {
    return ListenerFactory.listener(options.listenerPort(), options.clientAddress(),
        options.services());
  }

  /** One routed Service's resources (unsorted; {@link #build} sorts every type by name). */
  public ServiceResources service(RoutedService service) {
    List<Cluster> clusters = new ArrayList<>();
    List<ClusterLoadAssignment> endpoints = new ArrayList<>();
    Map<String, Cluster> serviceClusters = new LinkedHashMap<>();
    for (RoutedPort port : service.ports()) {
      clusters.add(ClusterFactory.cluster(port));
      endpoints.add(ClusterLoadAssignmentFactory.loadAssignment(port));
      for (Backend backend : port.backends()) {
        clusters.add(ClusterFactory.cluster(backend));
        endpoints.add(ClusterLoadAssignmentFactory.loadAssignment(backend));
      }
      for (Policy policy : port.policies().values()) {
        clusters.addAll(PolicyKinds.extraClusters(policy, port));
        PolicyKinds.serviceClusters(policy, options.services())
            .forEach(c -> serviceClusters.putIfAbsent(c.getName(), c));
      }
    }
    return new ServiceResources(RouteConfigurationFactory.routeConfiguration(service),
        ScopedRouteFactory.scopes(service), clusters, endpoints,
        List.copyOf(serviceClusters.values()));
  }
}
