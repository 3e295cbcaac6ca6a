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
      "Proxies that enforce the limits: a local limit admits its requests per period at every"
          + " one of them, a global limit once across all of them.")
  private Integer enforcingProxies;

  @JsonPropertyDescription(
      "Requests a global limit could not decide since the proxies started (the rate limit"
          + " service or its Redis unreachable or too slow): let through with failureMode Open,"
          + " refused with Closed. Absent without global limits.")
  private Long undecidedRequests;

  public RateLimitCounters() {}

  public RateLimitCounters(long limitedRequests, long allowedRequests, int enforcingProxies) {
    this.limitedRequests = limitedRequests;
    this.allowedRequests = allowedRequests;
    this.enforcingProxies = enforcingProxies;
  }

  public Long getUndecidedRequests() {
    return undecidedRequests;
  }

  public void setUndecidedRequests(Long undecidedRequests) {
    this.undecidedRequests = undecidedRequests;
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
        && Objects.equals(enforcingProxies, c.enforcingProxies)
        && Objects.equals(undecidedRequests, c.undecidedRequests);
  }

  @Override
  public int hashCode() {
    return Objects.hash(limitedRequests, allowedRequests, enforcingProxies, undecidedRequests);
  }
}
