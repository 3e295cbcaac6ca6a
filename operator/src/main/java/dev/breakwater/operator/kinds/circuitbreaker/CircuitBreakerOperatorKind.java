package dev.breakwater.operator.kinds.circuitbreaker;

import dev.breakwater.crds.v1alpha1.BreakerStatus;
import dev.breakwater.crds.v1alpha1.CircuitBreakerPolicy;
import dev.breakwater.crds.v1alpha1.CircuitBreakerPolicyStatus;
import dev.breakwater.crds.v1alpha1.PolicyStatus;
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
import dev.breakwater.xds.policies.circuitbreaker.CircuitBreakerPolicyKind;
import dev.breakwater.xds.policies.circuitbreaker.CircuitBreakerSettings;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CircuitBreakerPolicy's live state. Each proxy ejects on its own, so open endpoints and totals
 * take the proxy that sees the most (the worst view wins); overflows are summed.
 * <ul>
 *   <li>Enforce: {@code cluster.<c>.outlier_detection.ejections_active}: 0 is Closed, all of
 *       {@code membership_total} is Open (callers refused or sent to the fallback; the
 *       refusals count {@code upstream_cx_none_healthy}), anything between PartiallyOpen.
 *   <li>DryRun ejects nothing, so the {@code ejections_detected_*} counters (consecutive_5xx,
 *       consecutive_gateway_failure, failure_percentage) that grew within the policy's
 *       resetTimeout (how long an enforced ejection would last) are the would-open endpoints,
 *       capped at the endpoint count.
 *   <li>Overflows: {@code upstream_rq_pending_overflow} + {@code upstream_rq_retry_overflow};
 *       endpoints: {@code membership_total}.
 * </ul>
 */
public final class CircuitBreakerOperatorKind implements OperatorKind<CircuitBreakerPolicy> {
  /** Gauge: endpoints outlier detection holds ejected right now (Enforce mode). */
  public static final String EJECTIONS_ACTIVE = "outlier_detection.ejections_active";
  /** Counters of detections, enforced or not (DryRun's only signal). */
  public static final List<String> EJECTIONS_DETECTED = List.of(
      "outlier_detection.ejections_detected_consecutive_5xx",
      "outlier_detection.ejections_detected_consecutive_gateway_failure",
      "outlier_detection.ejections_detected_failure_percentage");
  /** Counters: requests failed because a circuit_breakers threshold was reached. */
  public static final String PENDING_OVERFLOW = "upstream_rq_pending_overflow";
  public static final String RETRY_OVERFLOW = "upstream_rq_retry_overflow";
  /** Counter: requests the router answered itself because no endpoint was healthy (UH). */
  public static final String NONE_HEALTHY = "upstream_cx_none_healthy";
  /** Counter of the fallback Service's own cluster: the requests it took. */
  public static final String REQUESTS = "upstream_rq_total";
  /** Where the fallback's cluster name has the kind (EnvoyNames.backendCluster). */
  private static final String BACKEND_MARK = "/circuitBreakerPolicy/";
  private static final List<String> READS = reads();

  @Override
  public String name() {
    return CircuitBreakerPolicyKind.NAME;
  }

  @Override
  public Class<CircuitBreakerPolicy> resourceClass() {
    return CircuitBreakerPolicy.class;
  }

  @Override
  public PolicyReconciler<CircuitBreakerPolicy> reconciler(StatusSync status, ObjectIngest ingest,
      ClusterObjects cluster) {
    return new CircuitBreakerPolicyReconciler(status, ingest, cluster);
  }

  /** Named: JOSDK reads the resource class from the type argument and names the controller. */
  static final class CircuitBreakerPolicyReconciler extends PolicyReconciler<CircuitBreakerPolicy> {
    CircuitBreakerPolicyReconciler(StatusSync status, ObjectIngest ingest, ClusterObjects cluster) {
      super(status, ingest, cluster);
    }
  }

  @Override
  public String keep(String statName) {
    if (statName.contains(BACKEND_MARK) && statName.endsWith("." + REQUESTS)) {
      return statName;
    }
    return StatNames.keepClusterStat(statName, READS);
  }

  @Override
  public Optional<LiveState> liveState(Policy policy, List<String> clusters, StatsView stats) {
    CircuitBreakerSettings spec = (CircuitBreakerSettings) policy.spec();
    boolean reported = false;
    int open = 0;
    int total = 0;
    double detected = 0;
    long overflow = 0;
    long fastFailed = 0;
    long fallback = 0;
    for (String c : clusters) {
      if (spec.fallback() != null && spec.fallback().service() != null) {
        fallback += (long) stats.total(StatNames.cluster(EnvoyNames.backendCluster(c, name(),
            spec.fallback().service().name(), spec.fallback().service().port()), REQUESTS));
      }
      String active = StatNames.cluster(c, EJECTIONS_ACTIVE);
      String members = StatNames.cluster(c, StatNames.MEMBERSHIP_TOTAL);
      reported |= stats.reports(active) || stats.reports(members);
      open += (int) StatNames.max(stats.gauge(active));
      total += (int) StatNames.max(stats.gauge(members));
      for (String d : EJECTIONS_DETECTED) {
        detected += stats.increaseWithin(StatNames.cluster(c, d), spec.resetTimeout());
      }
      overflow += (long) (stats.total(StatNames.cluster(c, PENDING_OVERFLOW))
          + stats.total(StatNames.cluster(c, RETRY_OVERFLOW)));
      fastFailed += (long) stats.total(StatNames.cluster(c, NONE_HEALTHY));
    }
    if (!reported) {
      return Optional.empty();
    }
    if (spec.mode() == PolicyMode.DryRun) {
      int wouldOpen = (int) Math.min(detected, total);
      return Optional.of(new BreakerLiveState(
          wouldOpen > 0 ? BreakerLiveState.WOULD_OPEN : BreakerLiveState.CLOSED,
          open, total, wouldOpen, overflow, fastFailed, fallback));
    }
    // Open only when callers are refused: every endpoint (of the proxy seeing the most) open
    String state = open == 0 ? BreakerLiveState.CLOSED
        : open >= total ? BreakerLiveState.OPEN : BreakerLiveState.PARTIALLY_OPEN;
    return Optional.of(new BreakerLiveState(state, open, total, null, overflow, fastFailed,
        fallback));
  }

  @Override
  public PolicyStatus status(LiveState live, List<WorkloadProbeStatus> workloads,
      int programmedProxies) {
    CircuitBreakerPolicyStatus s = new CircuitBreakerPolicyStatus();
    if (live instanceof BreakerLiveState b) {
      BreakerStatus breaker = new BreakerStatus();
      breaker.setOpenEndpoints(b.openEndpoints());
      breaker.setTotalEndpoints(b.totalEndpoints());
      breaker.setWouldOpenEndpoints(b.wouldOpenEndpoints());
      breaker.setOverflowRequests(b.overflowRequests());
      breaker.setFastFailedRequests(b.fastFailedRequests());
      breaker.setFallbackRequests(b.fallbackRequests());
      s.setBreaker(breaker);
    }
    return s;
  }

  @Override
  public List<Meter> meters(MeterRegistry registry, Tags tags, LatestLiveState live) {
    Series series = new Series(registry, tags);
    return List.of(
        series.gauge("breakwater.circuit.breaker.open.endpoints",
            "Endpoints ejected (open) right now",
            () -> live.gauge(BreakerLiveState.class, BreakerLiveState::openEndpoints)),
        series.gauge("breakwater.circuit.breaker.would.open.endpoints",
            "DryRun: endpoints that would be open",
            () -> live.gauge(BreakerLiveState.class,
                b -> b.wouldOpenEndpoints() == null ? 0 : b.wouldOpenEndpoints())),
        series.gauge("breakwater.circuit.breaker.endpoints", "Endpoints of the target",
            () -> live.gauge(BreakerLiveState.class, BreakerLiveState::totalEndpoints)),
        series.counter("breakwater.circuit.breaker.overflow.requests",
            "Requests failed by a connection limit",
            live.counter(BreakerLiveState.class,
                BreakerLiveState::overflowRequests)),
        series.counter("breakwater.circuit.breaker.fast.failed.requests",
            "Requests refused at once (or given the fixed fallback): no endpoint was closed",
            live.counter(BreakerLiveState.class, BreakerLiveState::fastFailedRequests)),
        series.counter("breakwater.circuit.breaker.fallback.requests",
            "Requests the fallback Service took while no endpoint was closed",
            live.counter(BreakerLiveState.class, BreakerLiveState::fallbackRequests)));
  }

  private static List<String> reads() {
    List<String> reads = new ArrayList<>(EJECTIONS_DETECTED);
    reads.addAll(List.of(EJECTIONS_ACTIVE, PENDING_OVERFLOW, RETRY_OVERFLOW, NONE_HEALTHY,
        StatNames.MEMBERSHIP_TOTAL));
    return List.copyOf(reads);
  }
}
