package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** state: Idle (nothing limited lately), Limiting, WouldLimit (DryRun). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RateLimitPolicyStatus extends PolicyStatus {

  @JsonPropertyDescription("Limited and allowed request counts.")
  private RateLimitCounters rateLimit;

  public RateLimitCounters getRateLimit() {
    return rateLimit;
  }

  public void setRateLimit(RateLimitCounters rateLimit) {
    this.rateLimit = rateLimit;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RateLimitPolicyStatus s
        && commonEquals(s)
        && Objects.equals(rateLimit, s.rateLimit);
  }

  @Override
  public int hashCode() {
    return Objects.hash(commonHashCode(), rateLimit);
  }
}
