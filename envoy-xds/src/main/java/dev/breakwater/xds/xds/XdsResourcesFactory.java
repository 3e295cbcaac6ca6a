package dev.breakwater.xds.xds;

import dev.breakwater.xds.ir.RoutedPort;
import dev.breakwater.xds.translate.TranslatorOptions;
import java.util.List;

/** IR -> Envoy resources: one factory per resource type. */
public final class XdsResourcesFactory {
  private final TranslatorOptions options;

  public XdsResourcesFactory(TranslatorOptions options) {
    this.options = options;
  }

  /** @param ports sorted by cluster name */
  public XdsResources build(List<RoutedPort> ports) {
    return new XdsResources(
        ports.stream().map(ClusterFactory::cluster).toList(),
        ports.stream().map(ClusterLoadAssignmentFactory::loadAssignment).toList(),
        List.of(ListenerFactory.listener(options.listenerPort())),
        List.of(RouteConfigurationFactory.routeConfiguration(ports)));
  }
}
