package dev.breakwater.operator.kinds.circuitbreaker;

import dev.breakwater.operator.stats.LiveState;

/**
 * @param wouldOpenEndpoints DryRun only (null in Enforce)
 * @param overflowRequests requests failed by a circuit_breakers threshold since operator start
 * @param fastFailedRequests requests answered at once (503 or the fixed fallback) because no
 *     endpoint was closed, since operator start
 * @param fallbackRequests requests the fallback Service took, since operator start
 */
public record BreakerLiveState(String state, int openEndpoints, int totalEndpoints,
    Integer wouldOpenEndpoints, long overflowRequests, long fastFailedRequests,
    long fallbackRequests) implements LiveState {
  public static final String CLOSED = "Closed";
  /** Some endpoints open; the others carry the traffic. */
  public static final String PARTIALLY_OPEN = "PartiallyOpen";
  /** Every endpoint open: callers are refused at once or sent to the fallback. */
  public static final String OPEN = "Open";
  public static final String WOULD_OPEN = "WouldOpen";

  @Override
  public boolean eventful() {
    return openEndpoints > 0 || (wouldOpenEndpoints != null && wouldOpenEndpoints > 0)
        || overflowRequests > 0 || fastFailedRequests > 0 || fallbackRequests > 0;
  }
}
