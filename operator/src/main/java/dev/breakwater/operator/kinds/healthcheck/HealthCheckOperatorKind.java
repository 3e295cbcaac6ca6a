package dev.breakwater.operator.kinds.healthcheck;

import dev.breakwater.crds.v1alpha1.EndpointHealthStatus;
import dev.breakwater.crds.v1alpha1.HealthCheck;
import dev.breakwater.crds.v1alpha1.HealthCheckStatus;
import dev.breakwater.crds.v1alpha1.PolicyStatus;
import dev.breakwater.crds.v1alpha1.WorkloadProbeStatus;
import dev.breakwater.operator.kinds.LatestLiveState;
import dev.breakwater.operator.kinds.OperatorKind;
import dev.breakwater.operator.kinds.Series;
import dev.breakwater.operator.kinds.StatusInputs;
import dev.breakwater.operator.reconcile.ClusterObjects;
import dev.breakwater.operator.reconcile.ObjectIngest;
import dev.breakwater.operator.reconcile.PolicyReconciler;
import dev.breakwater.operator.stats.LiveState;
import dev.breakwater.operator.stats.StatNames;
import dev.breakwater.operator.stats.StatsView;
import dev.breakwater.operator.status.StatusSync;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.policies.healthcheck.HealthCheckKind;
import dev.breakwater.xds.policies.healthcheck.HealthCheckSettings;
import dev.breakwater.xds.translate.PolicyCondition;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * HealthCheck's live state. Per endpoint, Envoy's {@code cluster.<c>.endpoint.<address>.healthy}
 * (through the OpenTelemetry sink; unhealthy on any proxy is unhealthy); for a cluster no proxy
 * reports per endpoint, {@code membership_healthy} (the proxy that sees the fewest: the worst
 * view wins) over {@code membership_total}. All healthy: Healthy; none: Unhealthy (Degraded when
 * not critical); some: Degraded; no data: Unknown. Panic routing: {@code lb_healthy_panic} grew
 * within {@link #RECENT}. Status adds per-endpoint entries and the {@code EndpointsHealthy}
 * condition, with what the operator's own check of the failing endpoints got.
 */
public final class HealthCheckOperatorKind implements OperatorKind<HealthCheck> {
  /** Counter: requests balanced while too few endpoints were healthy (failing ones included). */
  public static final String LB_HEALTHY_PANIC = "lb_healthy_panic";
  public static final Duration RECENT = Duration.ofSeconds(10);
  private static final List<String> READS =
      List.of(StatNames.MEMBERSHIP_HEALTHY, StatNames.MEMBERSHIP_TOTAL, LB_HEALTHY_PANIC);

  @Override
  public String name() {
    return HealthCheckKind.NAME;
  }

  @Override
  public Class<HealthCheck> resourceClass() {
    return HealthCheck.class;
  }

  @Override
  public PolicyReconciler<HealthCheck> reconciler(StatusSync status, ObjectIngest ingest,
      ClusterObjects cluster) {
    return new HealthCheckReconciler(status, ingest, cluster);
  }

  /** Named: JOSDK reads the resource class from the type argument and names the controller. */
  static final class HealthCheckReconciler extends PolicyReconciler<HealthCheck> {
    HealthCheckReconciler(StatusSync status, ObjectIngest ingest, ClusterObjects cluster) {
      super(status, ingest, cluster);
    }
  }

  @Override
  public String keep(String statName) {
    return EndpointHealthStats.isEndpointHealth(statName) ? statName
        : StatNames.keepClusterStat(statName, READS);
  }

  /** Never empty: a HealthCheck no proxy reports reads Unknown. */
  @Override
  public Optional<LiveState> liveState(Policy policy, List<String> clusters, StatsView stats) {
    HealthCheckSettings spec = (HealthCheckSettings) policy.spec();
    boolean reported = false;
    boolean panicRouting = false;
    int healthy = 0;
    int total = 0;
    List<EndpointHealth> endpoints = new ArrayList<>();
    for (String c : clusters) {
      panicRouting |= stats.increaseWithin(StatNames.cluster(c, LB_HEALTHY_PANIC), RECENT) > 0;
      List<EndpointHealth> each = EndpointHealthStats.read(List.of(c), stats);
      if (!each.isEmpty()) {
        reported = true;
        endpoints.addAll(each);
        healthy += (int) each.stream().filter(EndpointHealth::healthy).count();
        total += each.size();
        continue;
      }
      List<Double> h = stats.gauge(StatNames.cluster(c, StatNames.MEMBERSHIP_HEALTHY));
      List<Double> t = stats.gauge(StatNames.cluster(c, StatNames.MEMBERSHIP_TOTAL));
      if (h.isEmpty() || t.isEmpty()) {
        continue;
      }
      reported = true;
      healthy += (int) h.stream().mapToDouble(Double::doubleValue).min().orElse(0);
      total += (int) StatNames.max(t);
    }
    healthy = Math.min(healthy, total);
    String state;
    if (!reported || total == 0) {
      state = HealthLiveState.UNKNOWN;
    } else if (healthy == total) {
      state = HealthLiveState.HEALTHY;
    } else if (healthy == 0 && spec.critical()) {
      state = HealthLiveState.UNHEALTHY;
    } else {
      state = HealthLiveState.DEGRADED;
    }
    return Optional.of(new HealthLiveState(state, healthy, total - healthy, total, endpoints,
        panicRouting));
  }

  @Override
  public PolicyStatus status(LiveState live, List<WorkloadProbeStatus> workloads,
      int programmedProxies) {
    HealthCheckStatus s = new HealthCheckStatus();
    HealthLiveState h = live instanceof HealthLiveState health ? health
        : new HealthLiveState(HealthLiveState.UNKNOWN, 0, 0, 0);
    s.setState(h.state());
    s.setEndpoints(new EndpointHealthStatus(h.healthy(), h.unhealthy(), h.total()));
    s.setWorkloads(workloads == null ? List.of() : List.copyOf(workloads));
    return s;
  }

  /** Adds the per-endpoint entries, keeping their times from the status written before. */
  @Override
  public PolicyStatus status(StatusInputs inputs) {
    HealthCheckStatus s = (HealthCheckStatus) status(inputs.live(), inputs.workloads(),
        inputs.programmedProxies());
    if (inputs.live() instanceof HealthLiveState health) {
      EndpointHealthStatus previous = inputs.previous() instanceof HealthCheckStatus before
          ? before.getEndpoints() : null;
      EndpointEntries.fill(s.getEndpoints(), health.endpoints(), inputs.endpointChecks(),
          inputs.notReadyEndpoints(), previous, inputs.now());
    }
    return s;
  }

  @Override
  public List<String> conditionTypes() {
    return List.of(EndpointsCondition.TYPE);
  }

  @Override
  public List<PolicyCondition> conditions(StatusInputs inputs, PolicyStatus status) {
    HealthCheckSettings spec = inputs.accepted() && inputs.policy() != null
        ? (HealthCheckSettings) inputs.policy().spec() : null;
    HealthLiveState live = inputs.live() instanceof HealthLiveState h ? h : null;
    return List.of(EndpointsCondition.of(spec, live, inputs.endpointChecks(),
        inputs.notReadyEndpoints()));
  }

  @Override
  public List<Meter> meters(MeterRegistry registry, Tags tags, LatestLiveState live) {
    Series series = new Series(registry, tags);
    return List.of(
        series.gauge("breakwater.healthcheck.healthy.endpoints",
            "Endpoints passing health checks",
            () -> live.gauge(HealthLiveState.class, HealthLiveState::healthy)),
        series.gauge("breakwater.healthcheck.unhealthy.endpoints",
            "Endpoints failing health checks",
            () -> live.gauge(HealthLiveState.class, HealthLiveState::unhealthy)),
        series.gauge("breakwater.healthcheck.endpoints", "Endpoints of the target",
            () -> live.gauge(HealthLiveState.class, HealthLiveState::total)));
  }
}
