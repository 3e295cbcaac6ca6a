package dev.breakwater.operator.kinds.retry;

import dev.breakwater.operator.stats.LiveState;

/**
 * Totals since the operator started, over all proxies and the policy's clusters.
 *
 * @param budgetOverflows retries refused by the retry circuit breaker (budget or max_retries)
 */
public record RetryLiveState(String state, long retries, long successes, long budgetOverflows,
    long perTryTimeouts) implements LiveState {
  public static final String IDLE = "Idle";
  public static final String RETRYING = "Retrying";

  @Override
  public boolean eventful() {
    return retries > 0 || budgetOverflows > 0 || perTryTimeouts > 0;
  }
}
