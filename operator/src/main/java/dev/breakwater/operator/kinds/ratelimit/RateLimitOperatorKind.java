package dev.breakwater.operator.kinds.ratelimit;

import dev.breakwater.crds.v1alpha1.PolicyStatus;
import dev.breakwater.crds.v1alpha1.RateLimitCounters;
import dev.breakwater.crds.v1alpha1.RateLimitPolicy;
import dev.breakwater.crds.v1alpha1.RateLimitPolicyStatus;
import dev.breakwater.crds.v1alpha1.WorkloadProbeStatus;
import dev.breakwater.operator.kinds.LatestLiveState;
import dev.breakwater.operator.kinds.OperatorKind;
import dev.breakwater.operator.kinds.Series;
import dev.breakwater.operator.reconcile.ClusterObjects;
import dev.breakwater.operator.reconcile.ObjectIngest;
import dev.breakwater.operator.reconcile.PolicyReconciler;
import dev.breakwater.operator.stats.LiveState;
import dev.breakwater.operator.stats.StatsView;
import dev.breakwater.operator.status.StatusSync;
import dev.breakwater.xds.model.PolicyMode;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.names.EnvoyNames;
import dev.breakwater.xds.policies.ratelimit.RateLimitLayout;
import dev.breakwater.xds.policies.ratelimit.RateLimitPolicyKind;
import dev.breakwater.xds.policies.ratelimit.RateLimitSettings;
import dev.breakwater.xds.policies.ratelimit.RateLimitSettings.Limit;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * RateLimitPolicy's live state: {@code <prefix>.http_local_rate_limit.rate_limited} and
 * {@code .ok}, summed over the policy's per-route prefixes
 * ({@code breakwater_rl~<ns>~<policy>~<route>}) and over proxies; Limiting (WouldLimit in DryRun,
 * where Envoy counts but does not reject) while rate_limited grew within {@link #RECENT}.
 */
public final class RateLimitOperatorKind implements OperatorKind<RateLimitPolicy> {
  /** How long a rate limit keeps reading "Limiting" after the last limited request. */
  public static final Duration RECENT = Duration.ofSeconds(10);
  public static final String RATE_LIMITED = "http_local_rate_limit.rate_limited";
  public static final String RATE_LIMIT_OK = "http_local_rate_limit.ok";

  @Override
  public String name() {
    return RateLimitPolicyKind.NAME;
  }

  @Override
  public Class<RateLimitPolicy> resourceClass() {
    return RateLimitPolicy.class;
  }

  @Override
  public PolicyReconciler<RateLimitPolicy> reconciler(StatusSync status, ObjectIngest ingest,
      ClusterObjects cluster) {
    return new RateLimitPolicyReconciler(status, ingest, cluster);
  }

  /** Named: JOSDK reads the resource class from the type argument and names the controller. */
  static final class RateLimitPolicyReconciler extends PolicyReconciler<RateLimitPolicy> {
    RateLimitPolicyReconciler(StatusSync status, ObjectIngest ingest, ClusterObjects cluster) {
      super(status, ingest, cluster);
    }
  }

  /** Rate limit stats are cut to start at their prefix, whatever scope Envoy roots them in. */
  @Override
  public String keep(String statName) {
    int start = statName.indexOf(EnvoyNames.RATE_LIMIT_STAT_ROOT);
    return start >= 0 && (statName.endsWith(RATE_LIMITED) || statName.endsWith(RATE_LIMIT_OK))
        ? statName.substring(start) : null;
  }

  @Override
  public Optional<LiveState> liveState(Policy policy, List<String> clusters, StatsView stats) {
    RateLimitSettings spec = (RateLimitSettings) policy.spec();
    // ~ cannot occur in Kubernetes names, so no other policy's stats share this start
    String prefix = EnvoyNames.rateLimitStatPrefix(policy.meta().namespace(),
        policy.meta().name(), "");
    String rejected = "." + RATE_LIMITED;
    String ok = "." + RATE_LIMIT_OK;
    if (!stats.reportsMatching(prefix, rejected) && !stats.reportsMatching(prefix, ok)) {
      return Optional.empty();
    }
    double recent = stats.increaseWithinMatching(prefix, rejected, RECENT);
    String state = recent <= 0 ? RateLimitLiveState.IDLE
        : spec.mode() == PolicyMode.DryRun ? RateLimitLiveState.WOULD_LIMIT
        : RateLimitLiveState.LIMITING;
    return Optional.of(new RateLimitLiveState(state,
        (long) stats.totalMatching(prefix, rejected), (long) allowed(policy, spec, stats)));
  }

  /**
   * Requests that passed every limit of their route. The chain stops at the first empty bucket,
   * so the last filter of a route counts (ok) what passed them all. The last limit without a
   * match (L) is on every route; a match limit M after L in the chain ends its own route, where
   * what L let through M then passed or refused: so allowed = ok(L) - refused(M) over those M.
   * Without limits for every request, each match limit alone makes its route.
   */
  private static double allowed(Policy policy, RateLimitSettings spec, StatsView stats) {
    String ns = policy.meta().namespace();
    String name = policy.meta().name();
    List<Limit> chain = RateLimitLayout.chain(spec);
    int last = -1;
    for (int i = 0; i < chain.size(); i++) {
      if (chain.get(i).match() == null) {
        last = i;
      }
    }
    if (last < 0) {
      return chain.stream().mapToDouble(m -> counter(stats, ns, name, m, RATE_LIMIT_OK)).sum();
    }
    double allowed = counter(stats, ns, name, chain.get(last), RATE_LIMIT_OK);
    for (int i = last + 1; i < chain.size(); i++) {
      allowed -= counter(stats, ns, name, chain.get(i), RATE_LIMITED);
    }
    return Math.max(0, allowed);
  }

  private static double counter(StatsView stats, String ns, String policy, Limit limit,
      String counter) {
    return stats.total(RateLimitLayout.statPrefix(ns, policy, limit.name()) + "." + counter);
  }
  @Override
  public PolicyStatus status(LiveState live, List<WorkloadProbeStatus> workloads,
      int programmedProxies) {
    RateLimitPolicyStatus s = new RateLimitPolicyStatus();
    if (live instanceof RateLimitLiveState r) {
      // local limits: each proxy admits the whole limit on its own
      s.setRateLimit(new RateLimitCounters(r.limitedRequests(), r.allowedRequests(),
          programmedProxies));
    }
    return s;
  }

  @Override
  public List<Meter> meters(MeterRegistry registry, Tags tags, LatestLiveState live) {
    Series series = new Series(registry, tags);
    return List.of(
        series.counter("breakwater.ratelimit.limited.requests",
            "Requests over the limit (rejected, or only counted in DryRun)",
            live.counter(RateLimitLiveState.class,
                RateLimitLiveState::limitedRequests)),
        series.counter("breakwater.ratelimit.allowed.requests", "Requests within the limit",
            live.counter(RateLimitLiveState.class,
                RateLimitLiveState::allowedRequests)),
        series.gauge("breakwater.ratelimit.limiting", "1 while requests are being limited",
            () -> live.gauge(RateLimitLiveState.class,
                r -> r.state().equals(RateLimitLiveState.IDLE) ? 0 : 1)));
  }
}
