package dev.breakwater.operator.kinds.ratelimit;

import dev.breakwater.operator.stats.LiveState;

/**
 * Totals since the operator started, over all proxies.
 *
 * @param undecidedRequests requests a global limit could not decide; null without global limits
 */
public record RateLimitLiveState(String state, long limitedRequests, long allowedRequests,
    Long undecidedRequests) implements LiveState {

  public RateLimitLiveState(String state, long limitedRequests, long allowedRequests) {
    this(state, limitedRequests, allowedRequests, null);
  }

  public static final String IDLE = "Idle";
  public static final String LIMITING = "Limiting";
  public static final String WOULD_LIMIT = "WouldLimit";

  /** Traffic went through the limit (allowed or limited) or the service could not decide. */
  @Override
  public boolean eventful() {
    return limitedRequests > 0 || allowedRequests > 0
        || (undecidedRequests != null && undecidedRequests > 0);
  }
}
