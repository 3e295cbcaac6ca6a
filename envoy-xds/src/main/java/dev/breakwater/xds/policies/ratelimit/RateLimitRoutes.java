package dev.breakwater.xds.policies.ratelimit;

import dev.breakwater.xds.ir.RoutedPort;
import dev.breakwater.xds.model.PolicyMeta;
import dev.breakwater.xds.names.EnvoyNames;
import dev.breakwater.xds.policies.ratelimit.RateLimitSettings.Limit;
import dev.breakwater.xds.policy.RouteDraft;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts each limit at its place of {@link RateLimitLayout}: limits without a {@code match} on the
 * virtual host (shared by all its routes), each limit with one on a route of its own ahead of the
 * catch-all, in the order of the limits (a request takes the first match route it fits). A local
 * limit is the per-route config of its chain filter; the global limits of a route are one
 * per-route config of the global filter, so a match route's own config lists the host's global
 * limits too (a route's config replaces the host's for that filter).
 */
final class RateLimitRoutes {
  private RateLimitRoutes() {}

  static void shapeHost(RateLimitSettings settings, PolicyMeta meta, VirtualHost.Builder host) {
    List<Limit> chain = RateLimitLayout.chain(settings);
    for (int position = 0; position < chain.size(); position++) {
      Limit limit = chain.get(position);
      if (limit.match() == null) {
        host.putTypedPerFilterConfig(LocalRateLimitTranslator.filterName(position),
            com.google.protobuf.Any.pack(config(settings, meta, limit)));
      }
    }
    List<Limit> global = globalLimitsOf(settings, null);
    if (!global.isEmpty()) {
      host.putTypedPerFilterConfig(GlobalRateLimitTranslator.Answer.of(settings).filterName(),
          com.google.protobuf.Any.pack(
              GlobalRateLimitTranslator.routeConfig(settings, meta, global)));
    }
    RetryAfterScript.perHost(settings).ifPresent(script ->
        host.putTypedPerFilterConfig(RetryAfterScript.FILTER, com.google.protobuf.Any.pack(script)));
  }

  static List<RouteDraft> shapeRoutes(RateLimitSettings settings, PolicyMeta meta,
      RoutedPort port, List<RouteDraft> routes) {
    RouteDraft catchAll = routes.get(routes.size() - 1);
    List<RouteDraft> out = new ArrayList<>(routes.subList(0, routes.size() - 1));
    List<Limit> chain = RateLimitLayout.chain(settings);
    for (Limit limit : settings.limits()) {
      if (limit.match() == null) {
        continue;
      }
      RouteDraft route = catchAll.copy(
          EnvoyNames.matchRoute(port.namespace(), port.service(), port.port(), limit.name()));
      route.match().clear().mergeFrom(match(limit.match()));
      if (limit.global()) {
        route.filterConfig(GlobalRateLimitTranslator.Answer.of(settings).filterName(),
            GlobalRateLimitTranslator.routeConfig(settings, meta, globalLimitsOf(settings, limit)));
      } else {
        route.filterConfig(LocalRateLimitTranslator.filterName(chain.indexOf(limit)),
            config(settings, meta, limit));
      }
      out.add(route);
    }
    out.add(catchAll);
    return out;
  }

  /** The global limits for every request, plus {@code matched} (null: none), in check order. */
  private static List<Limit> globalLimitsOf(RateLimitSettings settings, Limit matched) {
    return RateLimitLayout.globalOrder(settings).stream()
        .filter(l -> l.match() == null || l == matched)
        .toList();
  }

  private static io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit
      config(RateLimitSettings settings, PolicyMeta meta, Limit limit) {
    return LocalRateLimitTranslator.routeConfig(settings, limit,
        RateLimitLayout.statPrefix(meta.namespace(), meta.name(), limit.name()));
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
