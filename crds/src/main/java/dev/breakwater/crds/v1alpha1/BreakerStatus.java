package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** What the breakers of a CircuitBreakerPolicy are doing, summed over all proxies. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BreakerStatus {

  @JsonPropertyDescription("Endpoints currently open (ejected by outlier detection).")
  private Integer openEndpoints;

  @JsonPropertyDescription("Endpoints of the target.")
  private Integer totalEndpoints;

  @JsonPropertyDescription("In DryRun: endpoints that would be open if the policy were enforced.")
  private Integer wouldOpenEndpoints;

  @JsonPropertyDescription(
      "Requests rejected because a connection limit was reached (pending request overflow).")
  private Long overflowRequests;

  public Integer getOpenEndpoints() {
    return openEndpoints;
  }

  public void setOpenEndpoints(Integer openEndpoints) {
    this.openEndpoints = openEndpoints;
  }

  public Integer getTotalEndpoints() {
    return totalEndpoints;
  }

  public void setTotalEndpoints(Integer totalEndpoints) {
    this.totalEndpoints = totalEndpoints;
  }

  public Integer getWouldOpenEndpoints() {
    return wouldOpenEndpoints;
  }

  public void setWouldOpenEndpoints(Integer wouldOpenEndpoints) {
    this.wouldOpenEndpoints = wouldOpenEndpoints;
  }

  public Long getOverflowRequests() {
    return overflowRequests;
  }

  public void setOverflowRequests(Long overflowRequests) {
    this.overflowRequests = overflowRequests;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BreakerStatus b
        && Objects.equals(openEndpoints, b.openEndpoints)
        && Objects.equals(totalEndpoints, b.totalEndpoints)
        && Objects.equals(wouldOpenEndpoints, b.wouldOpenEndpoints)
        && Objects.equals(overflowRequests, b.overflowRequests);
  }

  @Override
  public int hashCode() {
    return Objects.hash(openEndpoints, totalEndpoints, wouldOpenEndpoints, overflowRequests);
  }
}
