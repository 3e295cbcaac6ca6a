package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Objects;

/** Retries of the requests to one Service: Envoy retries on the caller's behalf. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "(has(self.retryOn) && size(self.retryOn) > 0) || (has(self.retriableStatuses)"
        + " && size(self.retriableStatuses) > 0)",
    fieldPath = ".retryOn",
    message = "retryOn or retriableStatuses must name at least one failure to retry")
public class RetryPolicySpec {

  @JsonPropertyDescription("The Service (and optionally one of its ports) whose requests are retried.")
  @Required
  private TargetRef targetRef;

  @JsonPropertyDescription(
      "Tries per request in total, the first one included (1-10); 1 means no retry.")
  @Default("3")
  @Min(1)
  @Max(10)
  private Integer maxAttempts;

  @JsonPropertyDescription("How long to wait before each retry: exponential with full jitter.")
  @Default("{}")
  private RetryBackoff backoff;

  @JsonPropertyDescription(
      "Failures that are retried: ServerError (any 5xx, resets, failed connects), GatewayError"
          + " (502, 503, 504), Reset (no response: the connection was reset or closed),"
          + " ConnectFailure (no connection). A try cut by perTryTimeout is retried with"
          + " ServerError or GatewayError. Default: GatewayError, Reset, ConnectFailure.")
  @Default("[\"GatewayError\", \"Reset\", \"ConnectFailure\"]")
  @Size(max = 4)
  @ValidationRule(
      value = "self.all(r, self.exists_one(s, s == r))",
      message = "retryOn must not repeat a value")
  private List<RetryOn> retryOn;

  @JsonPropertyDescription(
      "More response statuses (400-599) that are retried, e.g. 409 or 429.")
  @Size(max = 16)
  @ValidationRule(
      value = "self.all(s, s >= 400 && s <= 599)",
      message = "retriableStatuses must be HTTP status codes between 400 and 599")
  @ValidationRule(
      value = "self.all(s, self.exists_one(t, t == s))",
      message = "retriableStatuses must not repeat a status")
  private List<Integer> retriableStatuses;

  @JsonPropertyDescription(
      "Request methods that are retried; requests with other methods are tried once. Default:"
          + " the idempotent GET, HEAD, OPTIONS, PUT and DELETE; list POST or PATCH only when the"
          + " target can take them twice.")
  @Default("[\"GET\", \"HEAD\", \"OPTIONS\", \"PUT\", \"DELETE\"]")
  @Size(min = 1, max = 9)
  @ValidationRule(
      value = "self.all(m, self.exists_one(n, n == m))",
      message = "methods must not repeat")
  private List<HttpMethod> methods;

  @JsonPropertyDescription(
      "Time one try may take, e.g. 2s; a try cut by it counts as a failure (retried with"
          + " ServerError or GatewayError). Must be shorter than the request timeout"
          + " (TimeoutPolicy.request, Envoy's 15s without one): otherwise the policy is not"
          + " accepted on that port. Omitted: a try may take the whole request timeout.")
  @Pattern(DurationRules.PATTERN)
  @Size(max = DurationRules.MAX_LENGTH)
  @ValidationRule(value = DurationRules.AT_LEAST_10MS, message = "perTryTimeout must be at least 10ms")
  private String perTryTimeout;

  @JsonPropertyDescription(
      "A retried response carrying Retry-After or X-RateLimit-Reset (in seconds) waits what it"
          + " says instead of the back-off: Envoy waits between 1x and 1.5x the value (values"
          + " above 300s are ignored). Only responses retried anyway wait: 503 with GatewayError"
          + " or ServerError, 429 only when listed in retriableStatuses.")
  @Default("false")
  private Boolean honorRetryAfter;

  @JsonPropertyDescription(
      "Caps retries in progress at a percentage of the requests in progress to the target."
          + " Replaces CircuitBreakerPolicy limits.maxRetries on the same port (reported as"
          + " Overridden on that policy). Omitted: at most limits.maxRetries (Envoy's default 3)"
          + " retries in progress per proxy.")
  private RetryBudget budget;

  public TargetRef getTargetRef() {
    return targetRef;
  }

  public void setTargetRef(TargetRef targetRef) {
    this.targetRef = targetRef;
  }

  public Integer getMaxAttempts() {
    return maxAttempts;
  }

  public void setMaxAttempts(Integer maxAttempts) {
    this.maxAttempts = maxAttempts;
  }

  public RetryBackoff getBackoff() {
    return backoff;
  }

  public void setBackoff(RetryBackoff backoff) {
    this.backoff = backoff;
  }

  public List<RetryOn> getRetryOn() {
    return retryOn;
  }

  public void setRetryOn(List<RetryOn> retryOn) {
    this.retryOn = retryOn;
  }

  public List<Integer> getRetriableStatuses() {
    return retriableStatuses;
  }

  public void setRetriableStatuses(List<Integer> retriableStatuses) {
    this.retriableStatuses = retriableStatuses;
  }

  public List<HttpMethod> getMethods() {
    return methods;
  }

  public void setMethods(List<HttpMethod> methods) {
    this.methods = methods;
  }

  public String getPerTryTimeout() {
    return perTryTimeout;
  }

  public void setPerTryTimeout(String perTryTimeout) {
    this.perTryTimeout = perTryTimeout;
  }

  public Boolean getHonorRetryAfter() {
    return honorRetryAfter;
  }

  public void setHonorRetryAfter(Boolean honorRetryAfter) {
    this.honorRetryAfter = honorRetryAfter;
  }

  public RetryBudget getBudget() {
    return budget;
  }

  public void setBudget(RetryBudget budget) {
    this.budget = budget;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RetryPolicySpec s
        && Objects.equals(targetRef, s.targetRef)
        && Objects.equals(maxAttempts, s.maxAttempts)
        && Objects.equals(backoff, s.backoff)
        && Objects.equals(retryOn, s.retryOn)
        && Objects.equals(retriableStatuses, s.retriableStatuses)
        && Objects.equals(methods, s.methods)
        && Objects.equals(perTryTimeout, s.perTryTimeout)
        && Objects.equals(honorRetryAfter, s.honorRetryAfter)
        && Objects.equals(budget, s.budget);
  }

  @Override
  public int hashCode() {
    return Objects.hash(targetRef, maxAttempts, backoff, retryOn, retriableStatuses, methods,
        perTryTimeout, honorRetryAfter, budget);
  }
}
