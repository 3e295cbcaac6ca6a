package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** What a RetryPolicy's proxies did, summed over proxies and the target's ports. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RetryCounters {

  @JsonPropertyDescription("Retries sent (tries after the first) since the operator started.")
  private Long retries;

  @JsonPropertyDescription("Requests whose retry succeeded after earlier tries failed.")
  private Long successes;

  @JsonPropertyDescription(
      "Retries not made because the budget (or, without one, CircuitBreakerPolicy"
          + " limits.maxRetries, Envoy's default 3 in progress) was used up.")
  private Long budgetOverflows;

  @JsonPropertyDescription("Tries cut by perTryTimeout.")
  private Long perTryTimeouts;

  public RetryCounters() {}

  public RetryCounters(long retries, long successes, long budgetOverflows, long perTryTimeouts) {
    this.retries = retries;
    this.successes = successes;
    this.budgetOverflows = budgetOverflows;
    this.perTryTimeouts = perTryTimeouts;
  }

  public Long getRetries() {
    return retries;
  }

  public void setRetries(Long retries) {
    this.retries = retries;
  }

  public Long getSuccesses() {
    return successes;
  }

  public void setSuccesses(Long successes) {
    this.successes = successes;
  }

  public Long getBudgetOverflows() {
    return budgetOverflows;
  }

  public void setBudgetOverflows(Long budgetOverflows) {
    this.budgetOverflows = budgetOverflows;
  }

  public Long getPerTryTimeouts() {
    return perTryTimeouts;
  }

  public void setPerTryTimeouts(Long perTryTimeouts) {
    this.perTryTimeouts = perTryTimeouts;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RetryCounters c
        && Objects.equals(retries, c.retries)
        && Objects.equals(successes, c.successes)
        && Objects.equals(budgetOverflows, c.budgetOverflows)
        && Objects.equals(perTryTimeouts, c.perTryTimeouts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(retries, successes, budgetOverflows, perTryTimeouts);
  }
}
