package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** state: Idle (no timeout lately), TimingOut (requests or connects timed out in the last 10 s). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TimeoutPolicyStatus extends PolicyStatus {

  @JsonPropertyDescription("Requests and connects that timed out, summed over proxies.")
  private TimeoutCounters timeouts;

  public TimeoutCounters getTimeouts() {
    return timeouts;
  }

  public void setTimeouts(TimeoutCounters timeouts) {
    this.timeouts = timeouts;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TimeoutPolicyStatus s && commonEquals(s)
        && Objects.equals(timeouts, s.timeouts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(commonHashCode(), timeouts);
  }
}
