package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Timeouts a TimeoutPolicy's proxies hit, summed over proxies and the target's ports. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TimeoutCounters {

  @JsonPropertyDescription(
      "Requests answered 504 because the request timeout passed, since the operator started.")
  private Long requestTimeouts;

  @JsonPropertyDescription("Connects to an endpoint that took longer than connect.")
  private Long connectTimeouts;

  public TimeoutCounters() {}

  public TimeoutCounters(long requestTimeouts, long connectTimeouts) {
    this.requestTimeouts = requestTimeouts;
    this.connectTimeouts = connectTimeouts;
  }

  public Long getRequestTimeouts() {
    return requestTimeouts;
  }

  public void setRequestTimeouts(Long requestTimeouts) {
    this.requestTimeouts = requestTimeouts;
  }

  public Long getConnectTimeouts() {
    return connectTimeouts;
  }

  public void setConnectTimeouts(Long connectTimeouts) {
    this.connectTimeouts = connectTimeouts;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TimeoutCounters c
        && Objects.equals(requestTimeouts, c.requestTimeouts)
        && Objects.equals(connectTimeouts, c.connectTimeouts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(requestTimeouts, connectTimeouts);
  }
}
