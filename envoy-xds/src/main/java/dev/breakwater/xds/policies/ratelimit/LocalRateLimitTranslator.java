package dev.breakwater.xds.policies.ratelimit;

import dev.breakwater.xds.policies.ratelimit.RateLimitSettings.Limit;
import dev.breakwater.xds.policy.Protos;
import io.envoyproxy.envoy.config.route.v3.RateLimit;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.LocalRateLimitDescriptor;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.XRateLimitHeadersRFCVersion;
import io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit;
import io.envoyproxy.envoy.type.v3.TokenBucket;
import java.util.List;

/**
 * RateLimitPolicy limits -> the HTTP {@code local_ratelimit} config of one route.
 *
 * <p>Every limit is a descriptor {@code [breakwater_limit=<name>]}; a keyed limit adds an entry
 * with an empty value, which Envoy treats as a wildcard and so keeps one token bucket per distinct
 * header value or client address. Requests without the key header share the limit's plain
 * bucket. All limits of a route are checked; a request is limited when any bucket is empty.
 *
 * <p>Envoy insists on a default bucket in a route's config. Every request yields a descriptor of
 * each limit, so the default is only a fallback: it copies the first limit and is consumed only
 * when no descriptor matches ({@code always_consume_default_token_bucket: false}).
 */
final class LocalRateLimitTranslator {
  static final String FILTER_NAME = "envoy.filters.http.local_ratelimit";
  static final String LIMIT_KEY = "breakwater_limit";
  static final String HEADER_KEY = "breakwater_key";
  static final String REMOTE_ADDRESS_KEY = "remote_address";
  /** Upper bound of per-key buckets kept per route (least recently used are dropped). */
  static final int MAX_KEYED_BUCKETS = 10_000;

  private LocalRateLimitTranslator() {}

  /** The disabled filter on the listener; routes switch it on with their own config. */
  static LocalRateLimit listenerFilter() {
    return LocalRateLimit.newBuilder().setStatPrefix("breakwater_rl").build();
  }

  static LocalRateLimit routeConfig(RateLimitSettings spec, List<Limit> limits, String statPrefix) {
    LocalRateLimit.Builder config = LocalRateLimit.newBuilder()
        .setStatPrefix(statPrefix)
        .setFilterEnabled(Protos.percent(100))
        .setFilterEnforced(Protos.percent(Protos.enforcing(spec.mode())))
        .setTokenBucket(tokenBucket(limits.get(0)))
        .setAlwaysConsumeDefaultTokenBucket(com.google.protobuf.BoolValue.of(false))
        .setMaxDynamicDescriptors(com.google.protobuf.UInt32Value.of(MAX_KEYED_BUCKETS))
        .setEnableXRatelimitHeaders(spec.responseHeaders()
            ? XRateLimitHeadersRFCVersion.DRAFT_VERSION_03
            : XRateLimitHeadersRFCVersion.OFF);
    for (Limit limit : limits) {
      RateLimit.Builder actions = RateLimit.newBuilder().addActions(RateLimit.Action.newBuilder()
          .setGenericKey(RateLimit.Action.GenericKey.newBuilder()
              .setDescriptorKey(LIMIT_KEY)
              .setDescriptorValue(limit.name())));
      RateLimitDescriptor.Entry limitEntry = entry(LIMIT_KEY, limit.name());
      if (limit.key() == null) {
        config.addDescriptors(descriptor(limit, limitEntry));
      } else if (limit.key().isRemoteAddress()) {
        actions.addActions(RateLimit.Action.newBuilder()
            .setRemoteAddress(RateLimit.Action.RemoteAddress.getDefaultInstance()));
        config.addDescriptors(descriptor(limit, limitEntry, entry(REMOTE_ADDRESS_KEY, "")));
      } else {
        actions.addActions(RateLimit.Action.newBuilder()
            .setRequestHeaders(RateLimit.Action.RequestHeaders.newBuilder()
                .setHeaderName(limit.key().header())
                .setDescriptorKey(HEADER_KEY)
                .setSkipIfAbsent(true)));
        config.addDescriptors(descriptor(limit, limitEntry, entry(HEADER_KEY, "")));
        config.addDescriptors(descriptor(limit, limitEntry));
      }
      config.addRateLimits(actions);
    }
    return config.build();
  }

  static TokenBucket tokenBucket(Limit limit) {
    return TokenBucket.newBuilder()
        .setMaxTokens(limit.bucketSize())
        .setTokensPerFill(Protos.uint32(limit.requests()))
        .setFillInterval(Protos.duration(limit.period()))
        .build();
  }

  private static LocalRateLimitDescriptor descriptor(Limit limit, RateLimitDescriptor.Entry... entries) {
    return LocalRateLimitDescriptor.newBuilder()
        .addAllEntries(List.of(entries))
        .setTokenBucket(tokenBucket(limit))
        .build();
  }

  private static RateLimitDescriptor.Entry entry(String key, String value) {
    return RateLimitDescriptor.Entry.newBuilder().setKey(key).setValue(value).build();
  }
}
