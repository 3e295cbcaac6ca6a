package dev.breakwater.xds.envoy;

import dev.breakwater.xds.ir.RoutedService;
import dev.breakwater.xds.names.EnvoyNames;
import io.envoyproxy.envoy.config.route.v3.ScopedRouteConfiguration;
import java.util.List;

/**
 * One scope per host name: the listener keys each request on its Host up to the first {@code :}
 * and looks the key up here, so a request only ever meets the routes of the Service its host name
 * belongs to. The scope is named after its key (host names are unique across Services).
 */
final class ScopedRouteFactory {
  private ScopedRouteFactory() {}

  static List<ScopedRouteConfiguration> scopes(RoutedService service) {
    String routes = EnvoyNames.routeConfiguration(service.namespace(), service.name());
    return service.hostNames().stream().map(host -> ScopedRouteConfiguration.newBuilder()
        .setName(host)
        .setRouteConfigurationName(routes)
        .setKey(ScopedRouteConfiguration.Key.newBuilder()
            .addFragments(ScopedRouteConfiguration.Key.Fragment.newBuilder().setStringKey(host)))
        .build()).toList();
  }
}
