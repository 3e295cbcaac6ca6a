package dev.breakwater.xds.policies.timeout;

import dev.breakwater.xds.ir.RoutedPort;
import dev.breakwater.xds.model.PolicyMeta;
import dev.breakwater.xds.policy.PolicyKind;
import dev.breakwater.xds.policy.RouteDraft;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import java.util.List;

/**
 * TimeoutPolicy: request and idle timeouts on every route of the target (after the kinds that add
 * or split routes), the connect timeout on its cluster.
 */
public final class TimeoutPolicyKind implements PolicyKind<TimeoutSettings> {
  public static final String NAME = "TimeoutPolicy";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String plural() {
    return "timeoutpolicies";
  }

  @Override
  public Class<TimeoutSettings> specType() {
    return TimeoutSettings.class;
  }

  @Override
  public void shapeCluster(TimeoutSettings spec, PolicyMeta meta, RoutedPort port,
      Cluster.Builder cluster) {
    ConnectTimeoutTranslator.shape(spec, cluster);
  }

  @Override
  public List<RouteDraft> shapeRoutes(TimeoutSettings spec, PolicyMeta meta, RoutedPort port,
      List<RouteDraft> routes) {
    routes.forEach(route -> RouteTimeoutTranslator.shape(spec, route.action()));
    return routes;
  }
}
