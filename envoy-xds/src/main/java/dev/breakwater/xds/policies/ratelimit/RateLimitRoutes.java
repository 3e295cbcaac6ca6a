package dev.breakwater.xds.policies.ratelimit;

import dev.breakwater.xds.ir.RoutedPort;
import dev.breakwater.xds.model.PolicyMeta;
import dev.breakwater.xds.names.EnvoyNames;
import dev.breakwater.xds.policies.ratelimit.RateLimitSettings.Limit;
import dev.breakwater.xds.policy.RouteDraft;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * A limit with a {@code match} gets a route of its own ahead of the catch-all (a copy of it that
 * matches less), in the order of the policy's limits; limits without one apply to every route.
 * Each route carries the local_ratelimit config of the limits that apply to it.
 */
final class RateLimitRoutes {
  static final String CATCH_ALL_LIMIT = "_all";

  private RateLimitRoutes() {}

  static List<RouteDraft> shape(RateLimitSettings spec, PolicyMeta meta, RoutedPort port,
      List<RouteDraft> routes) {
    RouteDraft catchAll = routes.get(routes.size() - 1);
    List<Limit> everyRequest = spec.limits().stream().filter(l -> l.match() == null).toList();
    List<RouteDraft> out = new ArrayList<>(routes.subList(0, routes.size() - 1));
    for (Limit limit : spec.limits()) {
      if (limit.match() == null) {
        continue;
      }
      RouteDraft route = catchAll.copy(
          EnvoyNames.matchRoute(port.namespace(), port.service(), port.port(), limit.name()));
      route.match().clear().mergeFrom(match(limit.match()));
      List<Limit> applied = new ArrayList<>(everyRequest);
      applied.add(0, limit);
      out.add(limited(route, spec, meta, applied, limit.name()));
    }
    out.add(everyRequest.isEmpty() ? catchAll
        : limited(catchAll, spec, meta, everyRequest, CATCH_ALL_LIMIT));
    return out;
  }

  private static RouteDraft limited(RouteDraft route, RateLimitSettings spec, PolicyMeta meta,
      List<Limit> limits, String statLimit) {
    String prefix = EnvoyNames.rateLimitStatPrefix(meta.namespace(), meta.name(), statLimit);
    return route.filterConfig(LocalRateLimitTranslator.FILTER_NAME,
        LocalRateLimitTranslator.routeConfig(spec, limits, prefix));
  }

  static RouteMatch match(RateLimitSettings.RouteMatch match) {
    RouteMatch.Builder out = RouteMatch.newBuilder();
    RateLimitSettings.PathMatch path = match.path();
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
          .setRegex(methodsRegex(match.methods())))));
    }
    return out.build();
  }

  static String methodsRegex(List<String> methods) {
    return "^(" + String.join("|", methods) + ")$";
  }

  private static HeaderMatcher method(StringMatcher.Builder matcher) {
    return HeaderMatcher.newBuilder().setName(":method").setStringMatch(matcher).build();
  }
}
