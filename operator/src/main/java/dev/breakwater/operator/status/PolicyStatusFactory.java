package dev.breakwater.operator.status;

import dev.breakwater.crds.v1alpha1.BreakerStatus;
import dev.breakwater.crds.v1alpha1.CircuitBreakerPolicyStatus;
import dev.breakwater.crds.v1alpha1.EndpointHealthStatus;
import dev.breakwater.crds.v1alpha1.HealthCheckStatus;
import dev.breakwater.crds.v1alpha1.PolicyStatus;
import dev.breakwater.crds.v1alpha1.ProxyStatus;
import dev.breakwater.crds.v1alpha1.RateLimitCounters;
import dev.breakwater.crds.v1alpha1.RateLimitPolicyStatus;
import dev.breakwater.crds.v1alpha1.WorkloadProbeStatus;
import dev.breakwater.operator.stats.LiveState;
import dev.breakwater.xds.model.PolicyKind;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** Assembles the kind-specific status object from its already decided parts. */
public final class PolicyStatusFactory {

  /**
   * @param live null when no proxy reports the policy's stats (state left empty; HealthCheck
   *     reads Unknown)
   * @param workloads HealthCheck only
   */
  public PolicyStatus build(PolicyKind kind, long generation, List<Condition> conditions,
      int programmed, int total, LiveState live, List<WorkloadProbeStatus> workloads) {
    PolicyStatus status = switch (kind) {
      case CircuitBreakerPolicy -> breaker(live);
      case RateLimitPolicy -> rateLimit(live);
      case HealthCheck -> health(live, workloads);
    };
    status.setObservedGeneration(generation);
    status.setConditions(conditions);
    status.setProxies(new ProxyStatus(programmed, total));
    if (live != null) {
      status.setState(live.state());
    }
    return status;
  }

  private static PolicyStatus breaker(LiveState live) {
    CircuitBreakerPolicyStatus s = new CircuitBreakerPolicyStatus();
    if (live instanceof LiveState.Breaker b) {
      BreakerStatus breaker = new BreakerStatus();
      breaker.setOpenEndpoints(b.openEndpoints());
      breaker.setTotalEndpoints(b.totalEndpoints());
      breaker.setWouldOpenEndpoints(b.wouldOpenEndpoints());
      breaker.setOverflowRequests(b.overflowRequests());
      s.setBreaker(breaker);
    }
    return s;
  }

  private static PolicyStatus rateLimit(LiveState live) {
    RateLimitPolicyStatus s = new RateLimitPolicyStatus();
    if (live instanceof LiveState.RateLimit r) {
      s.setRateLimit(new RateLimitCounters(r.limitedRequests(), r.allowedRequests()));
    }
    return s;
  }

  private static PolicyStatus health(LiveState live, List<WorkloadProbeStatus> workloads) {
    HealthCheckStatus s = new HealthCheckStatus();
    LiveState.Health h = live instanceof LiveState.Health health ? health
        : new LiveState.Health(LiveState.Health.UNKNOWN, 0, 0, 0);
    s.setState(h.state());
    s.setEndpoints(new EndpointHealthStatus(h.healthy(), h.unhealthy(), h.total()));
    s.setWorkloads(workloads == null ? List.of() : List.copyOf(workloads));
    return s;
  }
}
