package dev.breakwater.operator.status;

import dev.breakwater.crds.v1alpha1.WorkloadProbeStatus;
import dev.breakwater.operator.state.PolicyKey;
import dev.breakwater.xds.translate.PolicyCondition;
import java.util.List;
import java.util.Optional;

/** Which workloads carry probes written for a HealthCheck, and whether writing them worked. */
@FunctionalInterface
public interface WorkloadSource {

  WorkloadSource NONE = key -> List.of();

  /** Only probes that are on the workload's pod template now, never merely planned ones. */
  List<WorkloadProbeStatus> workloads(PolicyKey healthCheck);

  /** {@code ProbesApplied} for a HealthCheck that writes probes; empty otherwise. */
  default Optional<PolicyCondition> condition(PolicyKey healthCheck) {
    return Optional.empty();
  }
}
