package dev.breakwater.operator.kinds.circuitbreaker;

import dev.breakwater.operator.stats.LiveState;

/**
 * @param wouldOpenEndpoints DryRun only (null in Enforce)
 * @param overflowRequests requests failed by a circuit_breakers threshold since operator start
 */
public record BreakerLiveState(String state, int openEndpoints, int totalEndpoints,
    Integer wouldOpenEndpoints, long overflowRequests) implements LiveState {
  public static final String CLOSED = "Closed";
  public static final String OPEN = "Open";
  public static final String WOULD_OPEN = "WouldOpen";
}
