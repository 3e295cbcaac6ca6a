package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/** Error-rate detector: opens endpoints whose share of 5xx responses reaches a threshold. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FailureRate {

  @JsonPropertyDescription(
      "Percentage (1-100) of 5xx responses within one monitoringPeriod at which an endpoint opens.")
  @Required
  @Min(1)
  @Max(100)
  private Integer threshold;

  @JsonPropertyDescription(
      "Requests an endpoint must have served within one monitoringPeriod before its failure rate "
          + "counts.")
  @Default("50")
  @Min(1)
  @Max(Bounds.MAX_THRESHOLD)
  private Integer minimumRequests;

  @JsonPropertyDescription(
      "Endpoints that must each have served minimumRequests before any endpoint is opened by "
          + "failure rate.")
  @Default("5")
  @Min(1)
  @Max(Bounds.MAX_THRESHOLD)
  private Integer minimumEndpoints;

  public Integer getThreshold() {
    return threshold;
  }

  public void setThreshold(Integer threshold) {
    this.threshold = threshold;
  }

  public Integer getMinimumRequests() {
    return minimumRequests;
  }

  public void setMinimumRequests(Integer minimumRequests) {
    this.minimumRequests = minimumRequests;
  }

  public Integer getMinimumEndpoints() {
    return minimumEndpoints;
  }

  public void setMinimumEndpoints(Integer minimumEndpoints) {
    this.minimumEndpoints = minimumEndpoints;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FailureRate f
        && Objects.equals(threshold, f.threshold)
        && Objects.equals(minimumRequests, f.minimumRequests)
        && Objects.equals(minimumEndpoints, f.minimumEndpoints);
  }

  @Override
  public int hashCode() {
    return Objects.hash(threshold, minimumRequests, minimumEndpoints);
  }
}
