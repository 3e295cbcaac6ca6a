package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.Objects;

/** Kubernetes probes the operator writes onto the workloads behind the target Service. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Probes {

  @JsonPropertyDescription(
      "Write a readinessProbe with this check onto the workloads' containers serving the port.")
  @Default("true")
  private Boolean readiness;

  @JsonPropertyDescription(
      "Write a livenessProbe with this check (the kubelet restarts containers that fail it).")
  @Default("false")
  private Boolean liveness;

  @JsonPropertyDescription(
      "Replace a probe the workload already defines; false leaves existing probes untouched.")
  @Default("false")
  private Boolean override;

  public Boolean getReadiness() {
    return readiness;
  }

  public void setReadiness(Boolean readiness) {
    this.readiness = readiness;
  }

  public Boolean getLiveness() {
    return liveness;
  }

  public void setLiveness(Boolean liveness) {
    this.liveness = liveness;
  }

  public Boolean getOverride() {
    return override;
  }

  public void setOverride(Boolean override) {
    this.override = override;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Probes p
        && Objects.equals(readiness, p.readiness)
        && Objects.equals(liveness, p.liveness)
        && Objects.equals(override, p.override);
  }

  @Override
  public int hashCode() {
    return Objects.hash(readiness, liveness, override);
  }
}
