package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** state: Closed (no endpoint open), Open (one or more open), WouldOpen (DryRun detected one). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CircuitBreakerPolicyStatus extends PolicyStatus {

  @JsonPropertyDescription("Open, would-open and total endpoints, and connection-limit overflows.")
  private BreakerStatus breaker;

  public BreakerStatus getBreaker() {
    return breaker;
  }

  public void setBreaker(BreakerStatus breaker) {
    this.breaker = breaker;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CircuitBreakerPolicyStatus s
        && commonEquals(s)
        && Objects.equals(breaker, s.breaker);
  }

  @Override
  public int hashCode() {
    return Objects.hash(commonHashCode(), breaker);
  }
}
