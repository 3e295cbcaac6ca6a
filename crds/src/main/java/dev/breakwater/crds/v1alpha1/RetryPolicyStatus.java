package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** state: Idle (no retry lately), Retrying (proxies retried requests in the last 10 s). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RetryPolicyStatus extends PolicyStatus {

  @JsonPropertyDescription(
      "Retries, retries that succeeded, retries the budget refused and tries cut by"
          + " perTryTimeout, summed over proxies.")
  private RetryCounters retry;

  public RetryCounters getRetry() {
    return retry;
  }

  public void setRetry(RetryCounters retry) {
    this.retry = retry;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RetryPolicyStatus s && commonEquals(s) && Objects.equals(retry, s.retry);
  }

  @Override
  public int hashCode() {
    return Objects.hash(commonHashCode(), retry);
  }
}
