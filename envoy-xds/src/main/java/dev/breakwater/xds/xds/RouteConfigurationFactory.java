package dev.breakwater.xds.xds;

import com.google.protobuf.Any;
import dev.breakwater.xds.ir.RoutedPort;
import dev.breakwater.xds.model.RateLimitSpec;
import dev.breakwater.xds.model.RateLimitSpec.Limit;
import dev.breakwater.xds.translate.Names;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one route configuration: a virtual host per routed Service port. A rate limit with a
 * {@code match} gets a route of its own ahead of the catch-all; limits without one apply to
 * every route of the virtual host. Match routes are tried in the order of the policy's limits.
 */
final class RouteConfigurationFactory {
  static final String CATCH_ALL_LIMIT = "_all";

  private RouteConfigurationFactory() {}

  static RouteConfiguration routeConfiguration(List<RoutedPort> ports) {
    Map<String, List<String>> domains = VirtualHostDomains.allocate(ports);
    RouteConfiguration.Builder config = RouteConfiguration.newBuilder().setName(Names.ROUTE_CONFIG);
    for (RoutedPort port : ports) {
      config.addVirtualHosts(VirtualHost.newBuilder()
          .setName(Names.virtualHost(port.namespace(), port.service(), port.port()))
          .addAllDomains(domains.get(port.clusterName()))
          .addAllRoutes(routes(port)));
    }
    return config.build();
  }

  private static List<Route> routes(RoutedPort port) {
    List<Route> routes = new ArrayList<>();
    RateLimitSpec rateLimit = port.rateLimit() == null ? null : (RateLimitSpec) port.rateLimit().spec();
    List<Limit> everyRequest = rateLimit == null
        ? List.of()
        : rateLimit.limits().stream().filter(l -> l.match() == null).toList();
    if (rateLimit != null) {
      for (Limit limit : rateLimit.limits()) {
        if (limit.match() == null) {
          continue;
        }
        List<Limit> applied = new ArrayList<>(everyRequest);
        applied.add(0, limit);
        routes.add(route(port, Names.matchRoute(port.namespace(), port.service(), port.port(), limit.name()),
            match(limit.match()), rateLimit, applied, limit.name()));
      }
    }
    routes.add(route(port, Names.route(port.namespace(), port.service(), port.port()),
        RouteMatch.newBuilder().setPrefix("/").build(), rateLimit, everyRequest, CATCH_ALL_LIMIT));
    return routes;
  }

  private static Route route(RoutedPort port, String name, RouteMatch match, RateLimitSpec spec,
      List<Limit> limits, String statLimit) {
    Route.Builder route = Route.newBuilder()
        .setName(name)
        .setMatch(match)
        .setRoute(RouteAction.newBuilder().setCluster(port.clusterName()));
    if (!limits.isEmpty()) {
      String prefix = Names.rateLimitStatPrefix(
          port.rateLimit().meta().namespace(), port.rateLimit().meta().name(), statLimit);
      route.putTypedPerFilterConfig(LocalRateLimitTranslator.FILTER_NAME,
          Any.pack(LocalRateLimitTranslator.routeConfig(spec, limits, prefix)));
    }
    return route.build();
  }

  static RouteMatch match(RateLimitSpec.RouteMatch match) {
    RouteMatch.Builder out = RouteMatch.newBuilder();
    RateLimitSpec.PathMatch path = match.path();
    if (path == null) {
      out.setPrefix("/");
    } else {
      switch (path.type()) {
        case Exact -> out.setPath(path.value());
        case RegularExpression -> out.setSafeRegex(RegexMatcher.newBuilder().setRegex(path.value()));
        case Prefix -> {
          // Gateway API semantics: /chat matches /chat and /chat/x, not /chatty.
          if (path.value().equals("/") || path.value().endsWith("/")) {
            out.setPrefix(path.value());
          } else {
            out.setPathSeparatedPrefix(path.value());
          }
        }
      }
    }
    if (match.methods().size() == 1) {
      out.addHeaders(method(StringMatcher.newBuilder().setExact(match.methods().get(0))));
    } else if (match.methods().size() > 1) {
      out.addHeaders(method(StringMatcher.newBuilder().setSafeRegex(RegexMatcher.newBuilder()
          .setRegex("^(" + String.join("|", match.methods()) + ")$"))));
    }
    return out.build();
  }

  private static HeaderMatcher method(StringMatcher.Builder matcher) {
    return HeaderMatcher.newBuilder().setName(":method").setStringMatch(matcher).build();
  }
}
