package dev.breakwater.operator.kinds;

import dev.breakwater.crds.v1alpha1.PolicyStatus;
import dev.breakwater.crds.v1alpha1.WorkloadProbeStatus;
import dev.breakwater.operator.stats.LiveState;
import dev.breakwater.operator.status.EndpointCheckResult;
import dev.breakwater.xds.model.Policy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything one policy's status is computed from.
 *
 * @param policy the policy as translated; null when the object could not be read
 * @param accepted translation accepted it (valid, not conflicting)
 * @param live the live state to report (throttled); null while no proxy reports the policy
 * @param workloads workloads the operator wrote probes onto (HealthCheck)
 * @param programmedProxies proxies that run the policy
 * @param endpointChecks the operator's own checks of failing endpoints, by address (HealthCheck)
 * @param notReadyEndpoints failing endpoints the EndpointSlices mark not ready (HealthCheck)
 * @param previous the status the object carries (or the one last written); null for a new one
 * @param now the time this status describes
 */
public record StatusInputs(
    Policy policy,
    boolean accepted,
    LiveState live,
    List<WorkloadProbeStatus> workloads,
    int programmedProxies,
    Map<String, EndpointCheckResult> endpointChecks,
    Set<String> notReadyEndpoints,
    PolicyStatus previous,
    Instant now) {

  public StatusInputs {
    workloads = workloads == null ? List.of() : List.copyOf(workloads);
    endpointChecks = endpointChecks == null ? Map.of() : Map.copyOf(endpointChecks);
    notReadyEndpoints = notReadyEndpoints == null ? Set.of() : Set.copyOf(notReadyEndpoints);
  }
}
