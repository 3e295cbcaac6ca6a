package dev.breakwater.operator.probes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakwater.crds.v1alpha1.WorkloadProbeStatus;
import dev.breakwater.operator.state.PolicyKey;
import java.util.List;
import java.util.Map;

/**
 * The probes the operator wants on the Deployments of one namespace.
 *
 * @param deployments every Deployment of the namespace by name; an empty map of probes means
 *     "none of ours" (whatever we applied before is to be removed)
 * @param workloads per HealthCheck, the workloads that carry its probes
 */
public record ProbePlan(Map<String, Desired> deployments,
    Map<PolicyKey, List<WorkloadProbeStatus>> workloads) {

  /** @param force take over probes another field manager owns (HealthCheck override: true) */
  public record Desired(Map<Slot, ObjectNode> probes, boolean force) {}
}
