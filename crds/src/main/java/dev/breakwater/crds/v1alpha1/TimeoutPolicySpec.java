package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * Timeouts of the requests to one Service. The defaults are Envoy's own (request 15s, idle 5m)
 * and the connect timeout every cluster has without a policy (5s).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TimeoutPolicySpec {

  @JsonPropertyDescription("The Service (and optionally one of its ports) whose requests time out.")
  @Required
  private TargetRef targetRef;

  @JsonPropertyDescription(
      "Longest time from the end of the request to the end of the response, every retry and"
          + " back-off included; after it the caller gets 504. 0s: no limit (streams, long"
          + " polls).")
  @Default("15s")
  @Pattern(DurationRules.PATTERN)
  @Size(max = DurationRules.MAX_LENGTH)
  private String request;

  @JsonPropertyDescription(
      "A request or response stream with no activity (no bytes either way) for this long is"
          + " closed (504 if no response started). 0s: never.")
  @Default("5m")
  @Pattern(DurationRules.PATTERN)
  @Size(max = DurationRules.MAX_LENGTH)
  private String idle;

  @JsonPropertyDescription(
      "Longest time to open a connection to one endpoint; a connect that takes longer fails"
          + " (503, or a retry with RetryPolicy ConnectFailure).")
  @Default("5s")
  @Pattern(DurationRules.PATTERN)
  @Size(max = DurationRules.MAX_LENGTH)
  @ValidationRule(value = DurationRules.AT_LEAST_10MS, message = "connect must be at least 10ms")
  private String connect;

  public TargetRef getTargetRef() {
    return targetRef;
  }

  public void setTargetRef(TargetRef targetRef) {
    this.targetRef = targetRef;
  }

  public String getRequest() {
    return request;
  }

  public void setRequest(String request) {
    this.request = request;
  }

  public String getIdle() {
    return idle;
  }

  public void setIdle(String idle) {
    this.idle = idle;
  }

  public String getConnect() {
    return connect;
  }

  public void setConnect(String connect) {
    this.connect = connect;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TimeoutPolicySpec s
        && Objects.equals(targetRef, s.targetRef)
        && Objects.equals(request, s.request)
        && Objects.equals(idle, s.idle)
        && Objects.equals(connect, s.connect);
  }

  @Override
  public int hashCode() {
    return Objects.hash(targetRef, request, idle, connect);
  }
}
