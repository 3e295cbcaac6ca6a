package dev.breakwater.e2e;

import com.google.protobuf.util.Durations;
import dev.breakwater.xds.Translation;
import dev.breakwater.xds.envoy.XdsResources;
import dev.breakwater.xds.model.ClusterState;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.policies.circuitbreaker.CircuitBreakerSettings;
import dev.breakwater.xds.policies.ratelimit.RateLimitSettings;
import dev.breakwater.xds.translate.PolicyResult;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A test-only translation wrapper that makes Envoy refuse what every check before Envoy lets
 * through, standing for a rule only Envoy knows: the operator's door (CRD schema, CEL, the
 * Envoy checks of envoy-xds) refuses everything this project knows Envoy would, so the tests
 * mark policies by a value instead. A CircuitBreakerPolicy with {@code limits.maxRequests:
 * 666} gets a cluster with a zero {@code connect_timeout} (CDS refused: a proto constraint); a
 * RateLimitPolicy whose first limit has {@code requests: 666} gets a route matching the regex
 * {@code (} in its virtual host (RDS refused: its Service's route configuration).
 */
final class EnvoyRefusals {
  static final int POISON = 666;

  private EnvoyRefusals() {}

  static UnaryOperator<Function<ClusterState, Translation>> wrapper() {
    return translate -> state -> poison(state, translate.apply(state));
  }

  private static Translation poison(ClusterState state, Translation t) {
    Set<String> badClusters = new HashSet<>();
    Set<String> badRoutes = new HashSet<>();
    for (PolicyResult r : t.results()) {
      Policy p = state.policies().stream().filter(x -> x.meta().equals(r.meta())).findFirst()
          .orElse(null);
      if (p == null || !r.accepted()) {
        continue;
      }
      if (p.spec() instanceof CircuitBreakerSettings cb
          && Integer.valueOf(POISON).equals(cb.limits().maxRequests())) {
        badClusters.addAll(r.clusters());
      } else if (p.spec() instanceof RateLimitSettings rl && !rl.limits().isEmpty()
          && rl.limits().get(0).requests() == POISON) {
        badRoutes.addAll(r.clusters());
      }
    }
    if (badClusters.isEmpty() && badRoutes.isEmpty()) {
      return t;
    }
    XdsResources res = t.resources();
    List<Cluster> clusters = res.clusters().stream()
        .map(c -> badClusters.contains(c.getName())
            ? c.toBuilder().setConnectTimeout(Durations.fromSeconds(0)).build() : c)
        .toList();
    List<RouteConfiguration> routes = res.routes().stream()
        .map(rc -> rc.toBuilder().clearVirtualHosts().addAllVirtualHosts(
            rc.getVirtualHostsList().stream().map(vh -> badRoutes.contains(vh.getName())
                ? badRegexRoute(vh) : vh).toList()).build())
        .toList();
    return new Translation(new XdsResources(clusters, res.endpoints(), res.listeners(), routes,
        res.scopes()),
        t.results());
  }

  private static VirtualHost badRegexRoute(VirtualHost vh) {
    return vh.toBuilder().addRoutes(0, Route.newBuilder().setName(vh.getName() + "/refused")
        .setMatch(RouteMatch.newBuilder().setSafeRegex(RegexMatcher.newBuilder().setRegex("(")))
        .setRoute(RouteAction.newBuilder().setCluster(vh.getName()))
        .build()).build();
  }
}
