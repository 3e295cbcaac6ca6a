package dev.breakwater.xds.envoy;

import dev.breakwater.xds.ir.RoutedPort;
import java.util.List;

/** IR -> Envoy resources: one factory per resource type. */
public final class XdsResourcesFactory {
  private final EnvoyOptions options;

  public XdsResourcesFactory(EnvoyOptions options) {
    this.options = options;
  }

  /** @param ports sorted by cluster name */
  public XdsResources build(List<RoutedPort> ports) {
    return new XdsResources(
        ports.stream().map(ClusterFactory::cluster).toList(),
        ports.stream().map(ClusterLoadAssignmentFactory::loadAssignment).toList(),
        List.of(ListenerFactory.listener(options.listenerPort(), options.clientAddress())),
        List.of(RouteConfigurationFactory.routeConfiguration(ports)));
  }
}
