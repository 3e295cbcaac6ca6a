package dev.breakwater.operator.kinds.retry;

import dev.breakwater.crds.v1alpha1.PolicyStatus;
import dev.breakwater.crds.v1alpha1.RetryCounters;
import dev.breakwater.crds.v1alpha1.RetryPolicy;
import dev.breakwater.crds.v1alpha1.RetryPolicyStatus;
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
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.policies.retry.RetryPolicyKind;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * RetryPolicy's live state from its clusters' stats, summed over clusters and proxies:
 * {@code upstream_rq_retry} (retries), {@code upstream_rq_retry_success}, {@code
 * upstream_rq_retry_overflow} (refused by the budget, or by max_retries without one) and {@code
 * upstream_rq_per_try_timeout}. Retrying while retries grew within {@link #RECENT}, else Idle.
 * Envoy sends a counter only once it was used, so {@code membership_total} says whether a proxy
 * reports the cluster at all.
 */
public final class RetryOperatorKind implements OperatorKind<RetryPolicy> {
  /** How long a RetryPolicy keeps reading "Retrying" after the last retry. */
  public static final Duration RECENT = Duration.ofSeconds(10);
  public static final String RETRIES = "upstream_rq_retry";
  public static final String SUCCESSES = "upstream_rq_retry_success";
  public static final String OVERFLOWS = "upstream_rq_retry_overflow";
  public static final String PER_TRY_TIMEOUTS = "upstream_rq_per_try_timeout";
  private static final List<String> READS =
      List.of(RETRIES, SUCCESSES, OVERFLOWS, PER_TRY_TIMEOUTS, StatNames.MEMBERSHIP_TOTAL);

  @Override
  public String name() {
    return RetryPolicyKind.NAME;
  }

  @Override
  public Class<RetryPolicy> resourceClass() {
    return RetryPolicy.class;
  }

  @Override
  public PolicyReconciler<RetryPolicy> reconciler(StatusSync status, ObjectIngest ingest,
      ClusterObjects cluster) {
    return new RetryPolicyReconciler(status, ingest, cluster);
  }

  /** Named: JOSDK reads the resource class from the type argument and names the controller. */
  static final class RetryPolicyReconciler extends PolicyReconciler<RetryPolicy> {
    RetryPolicyReconciler(StatusSync status, ObjectIngest ingest, ClusterObjects cluster) {
      super(status, ingest, cluster);
    }
  }

  @Override
  public String keep(String statName) {
    return StatNames.keepClusterStat(statName, READS);
  }

  @Override
  public Optional<LiveState> liveState(Policy policy, List<String> clusters, StatsView stats) {
    boolean reported = false;
    double recent = 0;
    long[] totals = new long[4];
    for (String c : clusters) {
      reported |= stats.reports(StatNames.cluster(c, StatNames.MEMBERSHIP_TOTAL));
      recent += stats.increaseWithin(StatNames.cluster(c, RETRIES), RECENT);
      totals[0] += (long) stats.total(StatNames.cluster(c, RETRIES));
      totals[1] += (long) stats.total(StatNames.cluster(c, SUCCESSES));
      totals[2] += (long) stats.total(StatNames.cluster(c, OVERFLOWS));
      totals[3] += (long) stats.total(StatNames.cluster(c, PER_TRY_TIMEOUTS));
    }
    if (!reported) {
      return Optional.empty();
    }
    return Optional.of(new RetryLiveState(recent > 0 ? RetryLiveState.RETRYING : RetryLiveState.IDLE,
        totals[0], totals[1], totals[2], totals[3]));
  }

  @Override
  public PolicyStatus status(LiveState live, List<WorkloadProbeStatus> workloads,
      int programmedProxies) {
    RetryPolicyStatus s = new RetryPolicyStatus();
    if (live instanceof RetryLiveState r) {
      s.setRetry(new RetryCounters(r.retries(), r.successes(), r.budgetOverflows(),
          r.perTryTimeouts()));
    }
    return s;
  }

  @Override
  public List<Meter> meters(MeterRegistry registry, Tags tags, LatestLiveState live) {
    Series series = new Series(registry, tags);
    return List.of(
        series.counter("breakwater.retry.retries", "Retries sent (tries after the first)",
            live.counter(RetryLiveState.class, RetryLiveState::retries)),
        series.counter("breakwater.retry.successes", "Requests whose retry succeeded",
            live.counter(RetryLiveState.class, RetryLiveState::successes)),
        series.counter("breakwater.retry.budget.overflows",
            "Retries not made because the retry budget (or max retries) was used up",
            live.counter(RetryLiveState.class, RetryLiveState::budgetOverflows)),
        series.counter("breakwater.retry.per.try.timeouts", "Tries cut by perTryTimeout",
            live.counter(RetryLiveState.class, RetryLiveState::perTryTimeouts)),
        series.gauge("breakwater.retry.retrying", "1 while requests are being retried",
            () -> live.gauge(RetryLiveState.class,
                r -> r.state().equals(RetryLiveState.RETRYING) ? 1 : 0)));
  }
}
