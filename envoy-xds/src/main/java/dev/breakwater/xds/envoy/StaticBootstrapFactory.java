package dev.breakwater.xds.envoy;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.bootstrap.v3.Admin;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.bootstrap.v3.LayeredRuntime;
import io.envoyproxy.envoy.config.bootstrap.v3.RuntimeLayer;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.breakwater.xds.check.Re2Regex;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.ScopedRouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.ScopedRouteConfigurationsList;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A complete static Envoy bootstrap of a translation: the same clusters (endpoints inlined, so
 * STATIC instead of EDS), the same listener with its routes inlined instead of RDS and SRDS.
 */
public final class StaticBootstrapFactory {

  private StaticBootstrapFactory() {}

  public static Bootstrap bootstrap(XdsResources resources, String adminAddress, int adminPort) {
    Map<String, ClusterLoadAssignment> endpoints = resources.endpoints().stream()
        .collect(Collectors.toMap(ClusterLoadAssignment::getClusterName, Function.identity()));
    Map<String, RouteConfiguration> routes = resources.routes().stream()
        .collect(Collectors.toMap(RouteConfiguration::getName, Function.identity()));
    Bootstrap.StaticResources.Builder statics = Bootstrap.StaticResources.newBuilder();
    for (Cluster cluster : resources.clusters()) {
      if (cluster.getType() != Cluster.DiscoveryType.EDS) {
        statics.addClusters(cluster); // e.g. an aggregate over others: nothing to inline
        continue;
      }
      statics.addClusters(cluster.toBuilder()
          .clearEdsClusterConfig()
          .setType(Cluster.DiscoveryType.STATIC)
          .setLoadAssignment(endpoints.getOrDefault(cluster.getName(),
              ClusterLoadAssignment.newBuilder().setClusterName(cluster.getName()).build())));
    }
    for (Listener listener : resources.listeners()) {
      statics.addListeners(inlineRoutes(listener, routes, resources.scopes()));
    }
    return Bootstrap.newBuilder()
        .setNode(Node.newBuilder().setId("breakwater-static").setCluster("breakwater"))
        .setAdmin(Admin.newBuilder().setAddress(Address.newBuilder().setSocketAddress(
            SocketAddress.newBuilder().setAddress(adminAddress).setPortValue(adminPort))))
        .setStaticResources(statics)
        .setLayeredRuntime(re2Limit())
        .build();
  }

  /** The RE2 limit the proxies' bootstrap pins, so validation judges regexes alike. */
  private static LayeredRuntime re2Limit() {
    return LayeredRuntime.newBuilder().addLayers(RuntimeLayer.newBuilder()
        .setName("static")
        .setStaticLayer(Struct.newBuilder().putFields("re2.max_program_size.error_level",
            Value.newBuilder().setNumberValue(Re2Regex.MAX_PROGRAM_SIZE).build())))
        .build();
  }

  private static Listener inlineRoutes(Listener listener, Map<String, RouteConfiguration> routes,
      List<ScopedRouteConfiguration> scopes) {
    Listener.Builder out = listener.toBuilder().clearFilterChains();
    for (FilterChain chain : listener.getFilterChainsList()) {
      FilterChain.Builder newChain = chain.toBuilder().clearFilters();
      for (Filter filter : chain.getFiltersList()) {
        newChain.addFilters(filter.getName().equals(ListenerFactory.HCM_FILTER)
            ? filter.toBuilder().setTypedConfig(Any.pack(inline(filter, routes, scopes))).build()
            : filter);
      }
      out.addFilterChains(newChain);
    }
    return out.build();
  }

  private static HttpConnectionManager inline(Filter filter, Map<String, RouteConfiguration> routes,
      List<ScopedRouteConfiguration> scopes) {
    try {
      HttpConnectionManager hcm = filter.getTypedConfig().unpack(HttpConnectionManager.class);
      if (!hcm.hasScopedRoutes()) {
        return hcm;
      }
      if (scopes.isEmpty()) {
        // an inline scope list must not be empty; no scope and no route answer alike (404)
        return hcm.toBuilder().clearScopedRoutes().setRouteConfig(RouteConfiguration.newBuilder()
            .setName(hcm.getScopedRoutes().getName())).build();
      }
      // Envoy takes inline scopes only with inline routes: each scope carries a copy
      ScopedRouteConfigurationsList.Builder inline = ScopedRouteConfigurationsList.newBuilder();
      for (ScopedRouteConfiguration scope : scopes) {
        inline.addScopedRouteConfigurations(scope.toBuilder()
            .clearRouteConfigurationName()
            .setRouteConfiguration(routes.get(scope.getRouteConfigurationName())));
      }
      return hcm.toBuilder().setScopedRoutes(hcm.getScopedRoutes().toBuilder()
          .clearScopedRds()
          .setScopedRouteConfigurationsList(inline)).build();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("listener filter is not an HttpConnectionManager", e);
    }
  }
}
