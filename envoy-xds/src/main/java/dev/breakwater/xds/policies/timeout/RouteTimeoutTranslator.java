package dev.breakwater.xds.policies.timeout;

import dev.breakwater.xds.policy.Protos;
import io.envoyproxy.envoy.config.route.v3.RouteAction;

/**
 * TimeoutPolicy {@code request} -> the route's {@code timeout} (from the end of the request to
 * the end of the response, every try and back-off included; 504 {@code upstream request timeout}
 * after it; 0 disables it) and {@code idle} -> the route's {@code idle_timeout} (replaces the
 * listener's stream_idle_timeout of 5 min for this route; 0 disables it).
 */
final class RouteTimeoutTranslator {
  private RouteTimeoutTranslator() {}

  static void shape(TimeoutSettings spec, RouteAction.Builder action) {
    action.setTimeout(Protos.duration(spec.request()))
        .setIdleTimeout(Protos.duration(spec.idle()));
  }
}
