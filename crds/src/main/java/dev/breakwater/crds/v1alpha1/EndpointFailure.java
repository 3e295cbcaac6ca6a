package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** What the operator's own check of an endpoint got when it failed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EndpointFailure {

  @JsonPropertyDescription(
      "What the check got: the HTTP status (e.g. 404), the gRPC health status (NOT_SERVING) or "
          + "the network error (connection refused, timeout after 1s). The operator checks from "
          + "its own pod, only endpoints Envoy reports unhealthy, at most once per interval.")
  private String result;

  @JsonPropertyDescription(
      "When the operator's check first got this result, of the checks in a row that got it "
          + "(RFC 3339).")
  private String since;

  public EndpointFailure() {}

  public EndpointFailure(String result, String since) {
    this.result = result;
    this.since = since;
  }

  public String getResult() {
    return result;
  }

  public void setResult(String result) {
    this.result = result;
  }

  public String getSince() {
    return since;
  }

  public void setSince(String since) {
    this.since = since;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EndpointFailure f
        && Objects.equals(result, f.result)
        && Objects.equals(since, f.since);
  }

  @Override
  public int hashCode() {
    return Objects.hash(result, since);
  }

  @Override
  public String toString() {
    return result + " since " + since;
  }
}
