package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Requests counted by a RateLimitPolicy's limits, summed over all proxies and limits. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RateLimitCounters {

  @JsonPropertyDescription(
      "Requests over a limit since the proxies started: rejected with 429 (Enforce) or that"
          + " would have been (DryRun).")
  private Long limitedRequests;

  @JsonPropertyDescription("Requests within their limits since the proxies started.")
  private Long allowedRequests;

  @JsonPropertyDescription(
      "Proxies that enforce the limits, each on its own: a local limit admits its requests per "
          + "period at every one of them.")
  private Integer enforcingProxies;

  public RateLimitCounters() {}

  public RateLimitCounters(long limitedRequests, long allowedRequests, int enforcingProxies) {
    this.limitedRequests = limitedRequests;
    this.allowedRequests = allowedRequests;
    this.enforcingProxies = enforcingProxies;
  }

  public Integer getEnforcingProxies() {
    return enforcingProxies;
  }

  public void setEnforcingProxies(Integer enforcingProxies) {
    this.enforcingProxies = enforcingProxies;
  }

  public Long getLimitedRequests() {
    return limitedRequests;
  }

  public void setLimitedRequests(Long limitedRequests) {
    this.limitedRequests = limitedRequests;
  }

  public Long getAllowedRequests() {
    return allowedRequests;
  }

  public void setAllowedRequests(Long allowedRequests) {
    this.allowedRequests = allowedRequests;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RateLimitCounters c
        && Objects.equals(limitedRequests, c.limitedRequests)
        && Objects.equals(allowedRequests, c.allowedRequests)
        && Objects.equals(enforcingProxies, c.enforcingProxies);
  }

  @Override
  public int hashCode() {
    return Objects.hash(limitedRequests, allowedRequests, enforcingProxies);
  }
}
