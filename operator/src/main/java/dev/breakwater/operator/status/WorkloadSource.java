package dev.breakwater.operator.status;

import dev.breakwater.crds.v1alpha1.WorkloadProbeStatus;
import dev.breakwater.operator.state.PolicyKey;
import java.util.List;

/** Which workloads carry probes written for a HealthCheck. */
@FunctionalInterface
public interface WorkloadSource {

  WorkloadSource NONE = key -> List.of();

  List<WorkloadProbeStatus> workloads(PolicyKey healthCheck);
}
