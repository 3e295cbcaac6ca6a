package dev.breakwater.operator.stats;

/**
 * What a policy is doing in the data plane right now, as read from Envoy's stats; each kind has
 * its own record (in its folder under {@code kinds/}).
 */
public interface LiveState {

  /** The word {@code status.state} shows, e.g. Open, Limiting, Degraded. */
  String state();
}
