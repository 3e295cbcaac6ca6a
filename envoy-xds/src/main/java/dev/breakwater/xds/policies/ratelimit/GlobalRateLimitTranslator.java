package dev.breakwater.xds.policies.ratelimit;

import com.google.protobuf.Any;
import com.google.protobuf.UInt32Value;
import dev.breakwater.xds.model.PolicyMeta;
import dev.breakwater.xds.model.PolicyMode;
import dev.breakwater.xds.names.EnvoyNames;
import dev.breakwater.xds.policies.ratelimit.RateLimitSettings.FailureMode;
import dev.breakwater.xds.policies.ratelimit.RateLimitSettings.Limit;
import dev.breakwater.xds.policies.ratelimit.descriptor.DescriptorContract;
import dev.breakwater.xds.policies.ratelimit.descriptor.GlobalLimit;
import dev.breakwater.xds.policies.ratelimit.descriptor.GlobalRule;
import dev.breakwater.xds.policies.ratelimit.descriptor.LimitId;
import dev.breakwater.xds.policies.ratelimit.descriptor.RouteActions;
import dev.breakwater.xds.policy.Protos;
import dev.breakwater.xds.policy.ProxyServices;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.BackoffStrategy;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.RetryPolicy;
import io.envoyproxy.envoy.config.ratelimit.v3.RateLimitServiceConfig;
import io.envoyproxy.envoy.extensions.filters.http.ratelimit.v3.RateLimit;
import io.envoyproxy.envoy.extensions.filters.http.ratelimit.v3.RateLimitPerRoute;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate;
import io.envoyproxy.envoy.type.v3.HttpStatus;
import java.time.Duration;
import java.util.List;

/**
 * Global limits -> Envoy's {@code ratelimit} filter, asking Breakwater's rate limit service.
 *
 * <p>Three filters follow the local chain, one per way of answering; a policy's routes switch on
 * the one for its mode and failureMode with a per-route config listing the route's global limits
 * in check order ({@link RateLimitLayout#globalOrder}): one call per request, the service decides
 * the descriptors in that order and stops at the first refusal, so a request the tightest limit
 * refuses takes nothing from the looser ones. Behind the local chain, a request a local limit
 * refuses never reaches the service (nor spends the budget every proxy shares).
 * <ul>
 *   <li>{@code open}: failureMode Open, {@code failure_mode_deny: false};
 *   <li>{@code closed}: failureMode Closed, {@code failure_mode_deny: true} answering
 *       {@code status_on_error} 429 (the refusal status; a policy's own status is set by
 *       RetryAfterScript);
 *   <li>{@code dryrun}: mode DryRun, shadow mode ({@code filter_enforced} 0 %): Envoy counts what
 *       the service says is over ({@code over_limit}) and lets it through, failing open.
 * </ul>
 * Each counts {@code cluster.<service port>.ratelimit.<stat prefix>.ok|over_limit|error|
 * failure_mode_allowed}, which the operator reads per policy.
 */
final class GlobalRateLimitTranslator {
  static final String FILTER_PREFIX = "breakwater.ratelimit.global.";
  /** The mark a global refusal carries until RetryAfterScript finishes it. */
  static final String OVER_LIMIT_MARK = "~global";
  /** The mark of a refusal because the service could not decide (failureMode Closed). */
  static final String UNAVAILABLE_MARK = "~unavailable";
  static final int REFUSAL_STATUS = 429;

  /** One filter per way of answering; names and stat prefixes follow the constant names. */
  enum Answer {
    OPEN,
    CLOSED,
    DRYRUN;

    String filterName() {
      return FILTER_PREFIX + name().toLowerCase(java.util.Locale.ROOT);
    }

    String statPrefix() {
      return RateLimitLayout.GLOBAL_STAT_PREFIX + name().toLowerCase(java.util.Locale.ROOT);
    }

    static Answer of(RateLimitSettings settings) {
      if (settings.mode() == PolicyMode.DryRun) {
        return DRYRUN;
      }
      return settings.failureMode() == FailureMode.Closed ? CLOSED : OPEN;
    }
  }

  private GlobalRateLimitTranslator() {}

  static List<HttpFilter> filters(ProxyServices services) {
    return java.util.Arrays.stream(Answer.values())
        .map(answer -> HttpFilter.newBuilder().setName(answer.filterName())
            .setTypedConfig(Any.pack(filter(answer, services))).build())
        .toList();
  }

  private static RateLimit filter(Answer answer, ProxyServices services) {
    RateLimit.Builder filter = RateLimit.newBuilder()
        .setDomain(DescriptorContract.DOMAIN)
        .setStatPrefix(answer.statPrefix())
        .setTimeout(Protos.duration(services.rateLimitTimeout()))
        .setEnableXRatelimitHeaders(RateLimit.XRateLimitHeadersRFCVersion.DRAFT_VERSION_03)
        .setRateLimitService(RateLimitServiceConfig.newBuilder()
            .setTransportApiVersion(ApiVersion.V3)
            .setGrpcService(GrpcService.newBuilder()
                .setEnvoyGrpc(GrpcService.EnvoyGrpc.newBuilder()
                    .setClusterName(EnvoyNames.RATE_LIMIT_SERVICE_CLUSTER))
                .setRetryPolicy(retryElsewhere(services.rateLimitTimeout()))));
    switch (answer) {
      case OPEN -> filter.addResponseHeadersToAdd(mark(OVER_LIMIT_MARK));
      case CLOSED -> filter.addResponseHeadersToAdd(mark(OVER_LIMIT_MARK))
          .setFailureModeDeny(true)
          .setStatusOnError(HttpStatus.newBuilder().setCodeValue(REFUSAL_STATUS));
      case DRYRUN -> filter.setFilterEnforced(Protos.percent(0))
          // what passes must look as if no limit were there: no marker, no x-envoy-ratelimited
          .setDisableXEnvoyRatelimitedHeader(true);
    }
    return filter.build();
  }

  /**
   * A replica that went away fails its calls at once (reset, refused connect): ask another one,
   * within the same timeout, one not yet tried. The first back-off is at most 5 ms (the default
   * is up to 1 s). Envoy also makes the back-off's {@code max_interval} each try's timeout
   * (measured: 25 ms cut every slow decision short, and each cut try was decided anyway), so it
   * is the whole timeout: a try is never cut before the call would be.
   */
  private static RetryPolicy retryElsewhere(Duration timeout) {
    return RetryPolicy.newBuilder()
        .setRetryOn("reset,connect-failure,refused-stream")
        .setNumRetries(UInt32Value.of(2))
        .setRetryBackOff(BackoffStrategy.newBuilder()
            .setBaseInterval(Protos.duration(Duration.ofMillis(5)))
            .setMaxInterval(Protos.duration(timeout.compareTo(Duration.ofMillis(5)) < 0
                ? Duration.ofMillis(5) : timeout)))
        .addRetryHostPredicate(RetryPolicy.RetryHostPredicate.newBuilder()
            .setName("envoy.retry_host_predicates.previous_hosts")
            .setTypedConfig(Any.pack(PreviousHostsPredicate.getDefaultInstance())))
        .setHostSelectionRetryMaxAttempts(3)
        .build();
  }

  private static HeaderValueOption mark(String value) {
    return HeaderValueOption.newBuilder()
        .setHeader(HeaderValue.newBuilder().setKey(RetryAfterScript.LIMITED_MARKER).setValue(value))
        .setAppendAction(HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD)
        .build();
  }

  /** The per-route config of {@code limits} (global ones, in check order). */
  static RateLimitPerRoute routeConfig(RateLimitSettings settings, PolicyMeta meta,
      List<Limit> limits) {
    RateLimitPerRoute.Builder config = RateLimitPerRoute.newBuilder();
    for (Limit limit : limits) {
      config.addRateLimits(RouteActions.forLimit(
          new GlobalLimit(new LimitId(meta.namespace(), meta.name(), limit.name()),
              rule(settings, limit)),
          limit.key() == null ? null : limit.key().header(),
          limit.key() != null && limit.key().isRemoteAddress()));
    }
    return config.build();
  }

  static GlobalRule rule(RateLimitSettings settings, Limit limit) {
    GlobalRule rule = switch (limit.algorithm()) {
      case TokenBucket -> GlobalRule.tokenBucket(limit.requests(), limit.period(),
          limit.bucketSize());
      case SlidingWindow, FixedWindow -> GlobalRule.window(limit.algorithm(), limit.requests(),
          limit.period());
    };
    return settings.mode() == PolicyMode.DryRun ? rule.asDryRun() : rule;
  }
}
