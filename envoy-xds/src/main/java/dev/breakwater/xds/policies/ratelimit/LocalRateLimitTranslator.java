package dev.breakwater.xds.policies.ratelimit;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import com.google.protobuf.UInt32Value;
import dev.breakwater.xds.policies.ratelimit.RateLimitSettings.Limit;
import dev.breakwater.xds.policy.Protos;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.route.v3.RateLimit;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.LocalRateLimitDescriptor;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.XRateLimitHeadersRFCVersion;
import io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.type.v3.HttpStatus;
import io.envoyproxy.envoy.type.v3.TokenBucket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One limit -> the per-route config of one {@code local_ratelimit} filter of the chain.
 *
 * <p>An unkeyed limit is the filter's own token bucket. A keyed limit adds a descriptor
 * {@code [breakwater_limit=<name>, breakwater_key=""]}; the empty value is a wildcard, so Envoy
 * keeps a bucket per distinct header value or client address (at most {@value #MAX_KEYED_BUCKETS},
 * least recently used dropped); requests without the header share the filter's own bucket.
 * {@code always_consume_default_token_bucket} is off, or every keyed request would also drain
 * that shared bucket.
 */
final class LocalRateLimitTranslator {
  /** Filters in the chain; the CRD allows at most this many limits per policy. */
  static final int CHAIN_LENGTH = 16;
  static final String FILTER_PREFIX = "breakwater.ratelimit.";
  static final String LIMIT_KEY = "breakwater_limit";
  static final String HEADER_KEY = "breakwater_key";
  static final String REMOTE_ADDRESS_KEY = "remote_address";
  static final int MAX_KEYED_BUCKETS = 10_000;

  private LocalRateLimitTranslator() {}

  static String filterName(int position) {
    return FILTER_PREFIX + position;
  }

  /** The chain in the listener: inert until a route configures a filter. */
  static List<HttpFilter> chain() {
    List<HttpFilter> filters = new ArrayList<>();
    for (int i = 0; i < CHAIN_LENGTH; i++) {
      filters.add(HttpFilter.newBuilder().setName(filterName(i))
          .setTypedConfig(Any.pack(LocalRateLimit.newBuilder()
              .setStatPrefix("breakwater_rl_unused").build()))
          .build());
    }
    return filters;
  }

  static LocalRateLimit routeConfig(RateLimitSettings settings, Limit limit, String statPrefix) {
    LocalRateLimit.Builder config = LocalRateLimit.newBuilder()
        .setStatPrefix(statPrefix)
        .setFilterEnabled(Protos.percent(100))
        .setFilterEnforced(Protos.percent(Protos.enforcing(settings.mode())))
        .setTokenBucket(tokenBucket(limit))
        .setAlwaysConsumeDefaultTokenBucket(BoolValue.of(false))
        // always on: Retry-After is computed from x-ratelimit-reset (RetryAfterScript strips
        // the x-ratelimit-* headers again where the policy does not want them)
        .setEnableXRatelimitHeaders(XRateLimitHeadersRFCVersion.DRAFT_VERSION_03)
        .addResponseHeadersToAdd(header(RetryAfterScript.LIMITED_MARKER, limit.name()));
    if (settings.response() != null) {
      if (settings.response().status() != null) {
        // RateLimitPolicyKind.envoyChecks refuses codes Envoy's StatusCode does not define
        config.setStatus(HttpStatus.newBuilder().setCodeValue(settings.response().status()));
      }
      for (Map.Entry<String, String> h : settings.response().headers().entrySet()) {
        config.addResponseHeadersToAdd(header(h.getKey(), h.getValue().replace("%", "%%")));
      }
    }
    if (limit.key() != null) {
      RateLimit.Builder actions = RateLimit.newBuilder().addActions(RateLimit.Action.newBuilder()
          .setGenericKey(RateLimit.Action.GenericKey.newBuilder()
              .setDescriptorKey(LIMIT_KEY)
              .setDescriptorValue(limit.name())));
      String keyName;
      if (limit.key().isRemoteAddress()) {
        keyName = REMOTE_ADDRESS_KEY;
        actions.addActions(RateLimit.Action.newBuilder()
            .setRemoteAddress(RateLimit.Action.RemoteAddress.getDefaultInstance()));
      } else {
        keyName = HEADER_KEY;
        actions.addActions(RateLimit.Action.newBuilder()
            .setRequestHeaders(RateLimit.Action.RequestHeaders.newBuilder()
                .setHeaderName(limit.key().header())
                .setDescriptorKey(HEADER_KEY)
                .setSkipIfAbsent(true)));
      }
      config.addRateLimits(actions)
          .setMaxDynamicDescriptors(UInt32Value.of(MAX_KEYED_BUCKETS))
          .addDescriptors(LocalRateLimitDescriptor.newBuilder()
              .addEntries(entry(LIMIT_KEY, limit.name()))
              .addEntries(entry(keyName, ""))
              .setTokenBucket(tokenBucket(limit)));
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

  private static HeaderValueOption header(String key, String value) {
    return HeaderValueOption.newBuilder()
        .setHeader(HeaderValue.newBuilder().setKey(key).setValue(value))
        .setAppendAction(HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD)
        .build();
  }

  private static RateLimitDescriptor.Entry entry(String key, String value) {
    return RateLimitDescriptor.Entry.newBuilder().setKey(key).setValue(value).build();
  }
}
