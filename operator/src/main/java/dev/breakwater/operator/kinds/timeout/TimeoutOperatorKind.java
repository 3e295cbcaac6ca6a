package dev.breakwater.operator.kinds.timeout;

import dev.breakwater.crds.v1alpha1.PolicyStatus;
import dev.breakwater.crds.v1alpha1.TimeoutCounters;
import dev.breakwater.crds.v1alpha1.TimeoutPolicy;
import dev.breakwater.crds.v1alpha1.TimeoutPolicyStatus;
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
import dev.breakwater.xds.policies.timeout.TimeoutPolicyKind;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * TimeoutPolicy's live state from its clusters' stats, summed over clusters and proxies: {@code
 * upstream_rq_timeout} (requests answered 504 by the route timeout) and {@code
 * upstream_cx_connect_timeout}. TimingOut while either grew within {@link #RECENT}, else Idle;
 * {@code membership_total} says whether a proxy reports the cluster at all.
 */
public final class TimeoutOperatorKind implements OperatorKind<TimeoutPolicy> {
  /** How long a TimeoutPolicy keeps reading "TimingOut" after the last timeout. */
  public static final Duration RECENT = Duration.ofSeconds(10);
  public static final String REQUEST_TIMEOUTS = "upstream_rq_timeout";
  public static final String CONNECT_TIMEOUTS = "upstream_cx_connect_timeout";
  private static final List<String> READS =
      List.of(REQUEST_TIMEOUTS, CONNECT_TIMEOUTS, StatNames.MEMBERSHIP_TOTAL);

  @Override
  public String name() {
    return TimeoutPolicyKind.NAME;
  }

  @Override
  public Class<TimeoutPolicy> resourceClass() {
    return TimeoutPolicy.class;
  }

  @Override
  public PolicyReconciler<TimeoutPolicy> reconciler(StatusSync status, ObjectIngest ingest,
      ClusterObjects cluster) {
    return new TimeoutPolicyReconciler(status, ingest, cluster);
  }

  /** Named: JOSDK reads the resource class from the type argument and names the controller. */
  static final class TimeoutPolicyReconciler extends PolicyReconciler<TimeoutPolicy> {
    TimeoutPolicyReconciler(StatusSync status, ObjectIngest ingest, ClusterObjects cluster) {
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
    long requests = 0;
    long connects = 0;
    for (String c : clusters) {
      reported |= stats.reports(StatNames.cluster(c, StatNames.MEMBERSHIP_TOTAL));
      for (String stat : List.of(REQUEST_TIMEOUTS, CONNECT_TIMEOUTS)) {
        recent += stats.increaseWithin(StatNames.cluster(c, stat), RECENT);
      }
      requests += (long) stats.total(StatNames.cluster(c, REQUEST_TIMEOUTS));
      connects += (long) stats.total(StatNames.cluster(c, CONNECT_TIMEOUTS));
    }
    if (!reported) {
      return Optional.empty();
    }
    return Optional.of(new TimeoutLiveState(
        recent > 0 ? TimeoutLiveState.TIMING_OUT : TimeoutLiveState.IDLE, requests, connects));
  }

  @Override
  public PolicyStatus status(LiveState live, List<WorkloadProbeStatus> workloads,
      int programmedProxies) {
    TimeoutPolicyStatus s = new TimeoutPolicyStatus();
    if (live instanceof TimeoutLiveState t) {
      s.setTimeouts(new TimeoutCounters(t.requestTimeouts(), t.connectTimeouts()));
    }
    return s;
  }

  @Override
  public List<Meter> meters(MeterRegistry registry, Tags tags, LatestLiveState live) {
    Series series = new Series(registry, tags);
    return List.of(
        series.counter("breakwater.timeout.request.timeouts",
            "Requests answered 504 because the request timeout passed",
            live.counter(TimeoutLiveState.class, TimeoutLiveState::requestTimeouts)),
        series.counter("breakwater.timeout.connect.timeouts",
            "Connects to an endpoint that took longer than the connect timeout",
            live.counter(TimeoutLiveState.class, TimeoutLiveState::connectTimeouts)),
        series.gauge("breakwater.timeout.timing.out", "1 while requests or connects time out",
            () -> live.gauge(TimeoutLiveState.class,
                t -> t.state().equals(TimeoutLiveState.IDLE) ? 0 : 1)));
  }
}
