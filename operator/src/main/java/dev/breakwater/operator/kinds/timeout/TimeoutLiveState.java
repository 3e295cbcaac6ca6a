package dev.breakwater.operator.kinds.timeout;

import dev.breakwater.operator.stats.LiveState;

/** Totals since the operator started, over all proxies and the policy's clusters. */
public record TimeoutLiveState(String state, long requestTimeouts, long connectTimeouts)
    implements LiveState {
  public static final String IDLE = "Idle";
  public static final String TIMING_OUT = "TimingOut";

  @Override
  public boolean eventful() {
    return requestTimeouts > 0 || connectTimeouts > 0;
  }
}
