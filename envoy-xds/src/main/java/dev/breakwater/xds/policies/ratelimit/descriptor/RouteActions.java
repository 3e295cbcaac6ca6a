package dev.breakwater.xds.policies.ratelimit.descriptor;

import io.envoyproxy.envoy.config.route.v3.RateLimit;
import io.envoyproxy.envoy.config.route.v3.RateLimit.Action;

/**
 * The translator's half of the contract: the route-level {@code rate_limits} entry of one global
 * limit. {@code keyHeader} and {@code byRemoteAddress} follow the limit's {@code key} (both absent
 * = one budget for the limit). A request without the key header is still sent
 * ({@code skip_if_absent}), without the key entry: it counts against the limit's shared budget,
 * as a local limit does.
 */
public final class RouteActions {

  private RouteActions() {}

  public static RateLimit forLimit(GlobalLimit limit, String keyHeader, boolean byRemoteAddress) {
    if (keyHeader != null && byRemoteAddress) {
      throw new IllegalArgumentException("a limit has one key: a header or the remote address");
    }
    RateLimit.Builder actions = RateLimit.newBuilder()
        .addActions(genericKey(DescriptorContract.LIMIT_ENTRY, limit.id().toString()))
        .addActions(genericKey(DescriptorContract.RULE_ENTRY, RuleCodec.encode(limit.rule())));
    if (keyHeader != null) {
      actions.addActions(Action.newBuilder().setRequestHeaders(Action.RequestHeaders.newBuilder()
          .setHeaderName(keyHeader)
          .setDescriptorKey(DescriptorContract.HEADER_KEY_ENTRY)
          .setSkipIfAbsent(true)));
    } else if (byRemoteAddress) {
      actions.addActions(Action.newBuilder()
          .setRemoteAddress(Action.RemoteAddress.getDefaultInstance()));
    }
    return actions.build();
  }

  private static Action genericKey(String key, String value) {
    return Action.newBuilder()
        .setGenericKey(Action.GenericKey.newBuilder().setDescriptorKey(key).setDescriptorValue(value))
        .build();
  }
}
