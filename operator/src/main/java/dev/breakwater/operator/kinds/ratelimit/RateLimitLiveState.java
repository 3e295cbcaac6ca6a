package dev.breakwater.operator.kinds.ratelimit;

import dev.breakwater.operator.stats.LiveState;

/** Totals since the operator started, over all proxies. */
public record RateLimitLiveState(String state, long limitedRequests, long allowedRequests)
    implements LiveState {
  public static final String IDLE = "Idle";
  public static final String LIMITING = "Limiting";
  public static final String WOULD_LIMIT = "WouldLimit";
}
