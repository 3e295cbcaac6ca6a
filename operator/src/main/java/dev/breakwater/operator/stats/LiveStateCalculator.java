package dev.breakwater.operator.stats;

import dev.breakwater.xds.model.CircuitBreakerSpec;
import dev.breakwater.xds.model.HealthCheckSpec;
import dev.breakwater.xds.model.Mode;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.model.RateLimitSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Maps Envoy stats to a policy's live state. Each proxy ejects and health-checks on its own, so
 * endpoint counts are per proxy and combined across proxies: open endpoints and totals take the
 * proxy that sees the most, healthy endpoints the proxy that sees the fewest (the worst view wins);
 * request counters are summed over proxies.
 *
 * <ul>
 *   <li>CircuitBreakerPolicy: Enforce: {@code cluster.<c>.outlier_detection.ejections_active}
 *       &gt; 0 is Open. DryRun ejects nothing, so the {@code ejections_detected_*} counters
 *       (consecutive_5xx, consecutive_gateway_failure, failure_percentage) that grew within the
 *       policy's resetTimeout (how long an enforced ejection would last) are the would-open
 *       endpoints, capped at the endpoint count. Overflows: {@code upstream_rq_pending_overflow} +
 *       {@code upstream_rq_retry_overflow}. Endpoints: {@code membership_total}.
 *   <li>RateLimitPolicy: {@code <prefix>.http_local_rate_limit.rate_limited} and {@code .ok}
 *       summed over the policy's per-route prefixes ({@code breakwater_rl~<ns>~<policy>~<route>});
 *       Limiting (WouldLimit in DryRun, where Envoy counts but does not reject) while rate_limited
 *       grew within {@link #RECENT}.
 *   <li>HealthCheck: {@code cluster.<c>.membership_healthy} / {@code membership_total}.
 * </ul>
 *
 * Empty when no proxy reports any stat of the policy's clusters (not configured anywhere yet);
 * a HealthCheck then reads Unknown.
 */
public final class LiveStateCalculator {

  /** How long a rate limit keeps reading "Limiting" after the last limited request. */
  public static final Duration RECENT = Duration.ofSeconds(10);

  public Optional<LiveState> compute(Policy policy, List<String> clusters, StatsView stats) {
    if (policy.spec() instanceof CircuitBreakerSpec cb) {
      return breaker(cb, clusters, stats);
    }
    if (policy.spec() instanceof RateLimitSpec rl) {
      return rateLimit(policy, rl, stats);
    }
    return Optional.of(health((HealthCheckSpec) policy.spec(), clusters, stats));
  }

  private Optional<LiveState> breaker(CircuitBreakerSpec spec, List<String> clusters,
      StatsView stats) {
    boolean reported = false;
    int open = 0;
    int total = 0;
    double detected = 0;
    long overflow = 0;
    for (String c : clusters) {
      String active = StatNames.cluster(c, StatNames.EJECTIONS_ACTIVE);
      String members = StatNames.cluster(c, StatNames.MEMBERSHIP_TOTAL);
      reported |= stats.reports(active) || stats.reports(members);
      open += (int) max(stats.gauge(active));
      total += (int) max(stats.gauge(members));
      for (String d : StatNames.EJECTIONS_DETECTED) {
        detected += stats.increaseWithin(StatNames.cluster(c, d), spec.resetTimeout());
      }
      overflow += (long) (stats.total(StatNames.cluster(c, StatNames.PENDING_OVERFLOW))
          + stats.total(StatNames.cluster(c, StatNames.RETRY_OVERFLOW)));
    }
    if (!reported) {
      return Optional.empty();
    }
    if (spec.mode() == Mode.DryRun) {
      int wouldOpen = (int) Math.min(detected, total);
      return Optional.of(new LiveState.Breaker(
          wouldOpen > 0 ? LiveState.Breaker.WOULD_OPEN : LiveState.Breaker.CLOSED,
          open, total, wouldOpen, overflow));
    }
    return Optional.of(new LiveState.Breaker(
        open > 0 ? LiveState.Breaker.OPEN : LiveState.Breaker.CLOSED, open, total, null,
        overflow));
  }

  private Optional<LiveState> rateLimit(Policy policy, RateLimitSpec spec, StatsView stats) {
    String prefix = StatNames.rateLimitPolicyPrefix(policy.meta().namespace(),
        policy.meta().name());
    String rejected = "." + StatNames.RATE_LIMITED;
    String ok = "." + StatNames.RATE_LIMIT_OK;
    if (!stats.reportsMatching(prefix, rejected) && !stats.reportsMatching(prefix, ok)) {
      return Optional.empty();
    }
    double recent = stats.increaseWithinMatching(prefix, rejected, RECENT);
    String state = recent <= 0 ? LiveState.RateLimit.IDLE
        : spec.mode() == Mode.DryRun ? LiveState.RateLimit.WOULD_LIMIT
        : LiveState.RateLimit.LIMITING;
    return Optional.of(new LiveState.RateLimit(state,
        (long) stats.totalMatching(prefix, rejected), (long) stats.totalMatching(prefix, ok)));
  }

  private LiveState health(HealthCheckSpec spec, List<String> clusters, StatsView stats) {
    boolean reported = false;
    int healthy = 0;
    int total = 0;
    for (String c : clusters) {
      List<Double> h = stats.gauge(StatNames.cluster(c, StatNames.MEMBERSHIP_HEALTHY));
      List<Double> t = stats.gauge(StatNames.cluster(c, StatNames.MEMBERSHIP_TOTAL));
      if (h.isEmpty() || t.isEmpty()) {
        continue;
      }
      reported = true;
      healthy += (int) h.stream().mapToDouble(Double::doubleValue).min().orElse(0);
      total += (int) max(t);
    }
    healthy = Math.min(healthy, total);
    String state;
    if (!reported || total == 0) {
      state = LiveState.Health.UNKNOWN;
    } else if (healthy == total) {
      state = LiveState.Health.HEALTHY;
    } else if (healthy == 0 && spec.critical()) {
      state = LiveState.Health.UNHEALTHY;
    } else {
      state = LiveState.Health.DEGRADED;
    }
    return new LiveState.Health(state, healthy, total - healthy, total);
  }

  private static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }
}
