package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** state: Healthy, Degraded, Unhealthy or Unknown (no proxy has reported yet). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HealthCheckStatus extends PolicyStatus {

  @JsonPropertyDescription("Healthy, unhealthy and total endpoints of the target.")
  private EndpointHealthStatus endpoints;

  @JsonPropertyDescription("Workloads behind the Service that the operator wrote probes onto.")
  private List<WorkloadProbeStatus> workloads = new ArrayList<>();

  public EndpointHealthStatus getEndpoints() {
    return endpoints;
  }

  public void setEndpoints(EndpointHealthStatus endpoints) {
    this.endpoints = endpoints;
  }

  public List<WorkloadProbeStatus> getWorkloads() {
    return workloads;
  }

  public void setWorkloads(List<WorkloadProbeStatus> workloads) {
    this.workloads = workloads;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HealthCheckStatus s
        && commonEquals(s)
        && Objects.equals(endpoints, s.endpoints)
        && Objects.equals(workloads, s.workloads);
  }

  @Override
  public int hashCode() {
    return Objects.hash(commonHashCode(), endpoints, workloads);
  }
}
