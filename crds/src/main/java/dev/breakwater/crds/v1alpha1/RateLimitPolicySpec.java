package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Objects;

/** Rate limits on the requests to one Service: per proxy (Local) or across all proxies (Global). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RateLimitPolicySpec {

  /** Keeps CEL's cost estimate of the uniqueness rule (n squared) bounded. */
  static final int MAX_LIMITS = 16;

  @JsonPropertyDescription("The Service (and optionally one of its ports) whose requests are limited.")
  @Required
  private TargetRef targetRef;

  @JsonPropertyDescription(
      "Enforce rejects requests over a limit with 429; DryRun only counts them"
          + " (status.rateLimit.limitedRequests) and lets them through.")
  @Default("Enforce")
  private Mode mode;

  @JsonPropertyDescription(
      "Add x-ratelimit-limit, x-ratelimit-remaining and x-ratelimit-reset headers to responses.")
  @Default("true")
  private Boolean responseHeaders;

  @JsonPropertyDescription(
      "The limits (1-16, names unique); a request is counted against every limit it matches.")
  @Required
  @Size(min = 1, max = MAX_LIMITS)
  @ValidationRule(
      value = "self.all(l, self.exists_one(m, m.name == l.name))",
      message = "limit names must be unique within a RateLimitPolicy")
  private List<RateLimit> limits;

  @JsonPropertyDescription(
      "What a caller over a limit gets instead of Envoy's plain 429: status (default 429), body "
          + "and headers. Retry-After (seconds until a token is available) is always added.")
  private FixedResponse response;

  @JsonPropertyDescription(
      "Global limits only: Open lets requests through while the rate limit service or its"
          + " store cannot decide; Closed rejects them.")
  @Default("Open")
  private FailureMode failureMode;

  public FixedResponse getResponse() {
    return response;
  }

  public void setResponse(FixedResponse response) {
    this.response = response;
  }

  public TargetRef getTargetRef() {
    return targetRef;
  }

  public void setTargetRef(TargetRef targetRef) {
    this.targetRef = targetRef;
  }

  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }

  public Boolean getResponseHeaders() {
    return responseHeaders;
  }

  public void setResponseHeaders(Boolean responseHeaders) {
    this.responseHeaders = responseHeaders;
  }

  public List<RateLimit> getLimits() {
    return limits;
  }

  public void setLimits(List<RateLimit> limits) {
    this.limits = limits;
  }

  public FailureMode getFailureMode() {
    return failureMode;
  }

  public void setFailureMode(FailureMode failureMode) {
    this.failureMode = failureMode;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RateLimitPolicySpec s
        && Objects.equals(targetRef, s.targetRef)
        && mode == s.mode
        && Objects.equals(responseHeaders, s.responseHeaders)
        && Objects.equals(limits, s.limits)
        && Objects.equals(response, s.response)
        && failureMode == s.failureMode;
  }

  @Override
  public int hashCode() {
    return Objects.hash(targetRef, mode, responseHeaders, limits, response, failureMode);
  }
}
