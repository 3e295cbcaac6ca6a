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

  @JsonPropertyDescription(
      "Requests refused at once, or answered by a fixed fallback, because no endpoint of the "
          + "target was closed, since the operator started, over all proxies.")
  private Long fastFailedRequests;

  @JsonPropertyDescription(
      "Requests the fallback Service took while no endpoint of the target was closed, since the "
          + "operator started, over all proxies.")
  private Long fallbackRequests;

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

  public Long getFastFailedRequests() {
    return fastFailedRequests;
  }

  public void setFastFailedRequests(Long fastFailedRequests) {
    this.fastFailedRequests = fastFailedRequests;
  }

  public Long getFallbackRequests() {
    return fallbackRequests;
  }

  public void setFallbackRequests(Long fallbackRequests) {
    this.fallbackRequests = fallbackRequests;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BreakerStatus b
        && Objects.equals(openEndpoints, b.openEndpoints)
        && Objects.equals(totalEndpoints, b.totalEndpoints)
        && Objects.equals(wouldOpenEndpoints, b.wouldOpenEndpoints)
        && Objects.equals(overflowRequests, b.overflowRequests)
        && Objects.equals(fastFailedRequests, b.fastFailedRequests)
        && Objects.equals(fallbackRequests, b.fallbackRequests);
  }

  @Override
  public int hashCode() {
    return Objects.hash(openEndpoints, totalEndpoints, wouldOpenEndpoints, overflowRequests,
        fastFailedRequests, fallbackRequests);
  }
}
