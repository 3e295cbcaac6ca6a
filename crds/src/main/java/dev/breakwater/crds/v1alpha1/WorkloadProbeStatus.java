package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A workload behind the target Service and the probes the operator wrote onto it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkloadProbeStatus {

  @JsonPropertyDescription("Kind of the workload, e.g. Deployment.")
  private String kind;

  @JsonPropertyDescription("Name of the workload, in the policy's namespace.")
  private String name;

  @JsonPropertyDescription("Probes written onto the workload: readiness and/or liveness.")
  private List<String> probes = new ArrayList<>();

  public WorkloadProbeStatus() {}

  public WorkloadProbeStatus(String kind, String name, List<String> probes) {
    this.kind = kind;
    this.name = name;
    this.probes = new ArrayList<>(probes);
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public List<String> getProbes() {
    return probes;
  }

  public void setProbes(List<String> probes) {
    this.probes = probes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WorkloadProbeStatus w
        && Objects.equals(kind, w.kind)
        && Objects.equals(name, w.name)
        && Objects.equals(probes, w.probes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, name, probes);
  }
}
