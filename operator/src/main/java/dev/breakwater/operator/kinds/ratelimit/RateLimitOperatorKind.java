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
import dev.breakwater.operator.stats.StatNames;
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
 * RateLimitPolicy's live state: for local limits {@code <prefix>.http_local_rate_limit.rate_limited}
 * and {@code .ok}, summed over the policy's per-limit prefixes
 * ({@code breakwater_rl~<ns>~<policy>~<limit>}) and over proxies; for global limits the ratelimit
 * filter's {@code cluster.<port>.ratelimit.<prefix>.ok|over_limit|error|failure_mode_allowed} of
 * the policy's clusters, over proxies (every proxy asks the one service, so the sum is what the
 * limit admitted and refused across all of them). Limiting (WouldLimit in DryRun, where Envoy
 * counts but does not reject) while rate_limited or over_limit grew within {@link #RECENT}.
 */
public final class RateLimitOperatorKind implements OperatorKind<RateLimitPolicy> {
  /** How long a rate limit keeps reading "Limiting" after the last limited request. */
  public static final Duration RECENT = Duration.ofSeconds(10);
  public static final String RATE_LIMITED = "http_local_rate_limit.rate_limited";
  public static final String RATE_LIMIT_OK = "http_local_rate_limit.ok";
  /** The ratelimit filter's counters, after {@code ratelimit.<stat prefix>.}. */
  public static final String GLOBAL_OK = "ok";
  public static final String GLOBAL_OVER_LIMIT = "over_limit";
  public static final String GLOBAL_ERROR = "error";
  public static final String GLOBAL_FAILURE_MODE_ALLOWED = "failure_mode_allowed";
  private static final List<String> GLOBAL_COUNTERS =
      List.of(GLOBAL_OK, GLOBAL_OVER_LIMIT, GLOBAL_ERROR, GLOBAL_FAILURE_MODE_ALLOWED);

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

  /**
   * Local rate limit stats are cut to start at their prefix, whatever scope Envoy roots them in;
   * global ones are cluster stats, kept whole.
   */
  @Override
  public String keep(String statName) {
    int start = statName.indexOf(EnvoyNames.RATE_LIMIT_STAT_ROOT);
    if (start >= 0) {
      return statName.endsWith(RATE_LIMITED) || statName.endsWith(RATE_LIMIT_OK)
          ? statName.substring(start) : null;
    }
    if (statName.startsWith("cluster.")
        && statName.contains(".ratelimit." + RateLimitLayout.GLOBAL_STAT_PREFIX)) {
      for (String counter : GLOBAL_COUNTERS) {
        if (statName.endsWith("." + counter)) {
          return statName;
        }
      }
    }
    return null;
  }

  /** {@code cluster.<c>.ratelimit.<prefix>.<counter>} of every global filter. */
  static List<String> globalStats(String cluster, String counter) {
    return RateLimitLayout.globalStatPrefixes().stream()
        .map(prefix -> StatNames.cluster(cluster, "ratelimit." + prefix + "." + counter))
        .toList();
  }

  @Override
  public Optional<LiveState> liveState(Policy policy, List<String> clusters, StatsView stats) {
    RateLimitSettings spec = (RateLimitSettings) policy.spec();
    Optional<LiveState> local = localState(policy, spec, stats);
    if (spec.globalLimits().isEmpty()) {
      return local;
    }
    GlobalCounts global = GlobalCounts.of(clusters, stats);
    if (local.isEmpty() && !global.reported()) {
      return Optional.empty();
    }
    RateLimitLiveState l = (RateLimitLiveState) local.orElse(null);
    boolean everyRequest = spec.globalLimits().stream().anyMatch(g -> g.match() == null);
    // global limits are asked after the local chain: with one on every route, what they let
    // through passed everything; otherwise what the chain passed, less what they refused
    long allowed = everyRequest || l == null ? global.passed()
        : Math.max(0, l.allowedRequests() - global.refused(spec));
    long limited = (l == null ? 0 : l.limitedRequests()) + global.overLimit();
    boolean recent = (l != null && !l.state().equals(RateLimitLiveState.IDLE))
        || global.overLimitRecently() > 0;
    return Optional.of(new RateLimitLiveState(state(spec, recent), limited, allowed,
        global.error()));
  }

  private static String state(RateLimitSettings spec, boolean limitedRecently) {
    return !limitedRecently ? RateLimitLiveState.IDLE
        : spec.mode() == PolicyMode.DryRun ? RateLimitLiveState.WOULD_LIMIT
        : RateLimitLiveState.LIMITING;
  }

  /** The ratelimit filter's counters of a policy's clusters, summed over proxies. */
  private record GlobalCounts(boolean reported, long ok, long overLimit, long error,
      long failureModeAllowed, double overLimitRecently) {

    static GlobalCounts of(List<String> clusters, StatsView stats) {
      boolean reported = false;
      double[] sums = new double[GLOBAL_COUNTERS.size()];
      double recent = 0;
      for (String c : clusters) {
        for (int i = 0; i < GLOBAL_COUNTERS.size(); i++) {
          for (String name : globalStats(c, GLOBAL_COUNTERS.get(i))) {
            reported |= stats.reports(name);
            sums[i] += stats.total(name);
            if (GLOBAL_COUNTERS.get(i).equals(GLOBAL_OVER_LIMIT)) {
              recent += stats.increaseWithin(name, RECENT);
            }
          }
        }
      }
      return new GlobalCounts(reported, (long) sums[0], (long) sums[1], (long) sums[2],
          (long) sums[3], recent);
    }

    /** Requests the global limits let through: within them, or undecided and let through. */
    long passed() {
      return ok + failureModeAllowed;
    }

    /** Requests the global limits refused: over them (Enforce), or undecided and refused. */
    long refused(RateLimitSettings spec) {
      return (spec.mode() == PolicyMode.DryRun ? 0 : overLimit) + error - failureModeAllowed;
    }
  }

  /** The local limits' state; empty without local limits or before a proxy reports them. */
  private static Optional<LiveState> localState(Policy policy, RateLimitSettings spec,
      StatsView stats) {
    if (spec.localLimits().isEmpty()) {
      return Optional.empty();
    }
    // ~ cannot occur in Kubernetes names, so no other policy's stats share this start
    String prefix = EnvoyNames.rateLimitStatPrefix(policy.meta().namespace(),
        policy.meta().name(), "");
    String rejected = "." + RATE_LIMITED;
    String ok = "." + RATE_LIMIT_OK;
    if (!stats.reportsMatching(prefix, rejected) && !stats.reportsMatching(prefix, ok)) {
      return Optional.empty();
    }
    double recent = stats.increaseWithinMatching(prefix, rejected, RECENT);
    return Optional.of(new RateLimitLiveState(state(spec, recent > 0),
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
      RateLimitCounters counters = new RateLimitCounters(r.limitedRequests(),
          r.allowedRequests(), programmedProxies);
      counters.setUndecidedRequests(r.undecidedRequests());
      s.setRateLimit(counters);
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
        series.counter("breakwater.ratelimit.undecided.requests",
            "Requests a global limit could not decide (rate limit service or Redis unreachable)",
            live.counter(RateLimitLiveState.class,
                r -> r.undecidedRequests() == null ? 0 : r.undecidedRequests())),
        series.gauge("breakwater.ratelimit.limiting", "1 while requests are being limited",
            () -> live.gauge(RateLimitLiveState.class,
                r -> r.state().equals(RateLimitLiveState.IDLE) ? 0 : 1)));
  }
}
