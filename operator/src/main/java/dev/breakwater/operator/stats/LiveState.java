package dev.breakwater.operator.stats;

/**
 * What a policy is doing in the data plane right now, as read from Envoy's stats; each kind has
 * its own record (in its folder under {@code kinds/}).
 */
public interface LiveState {

  /** The word {@code status.state} shows, e.g. Open, Limiting, Degraded. */
  String state();

  /**
   * Whether something happened a metric should show: a request refused, limited, retried or
   * timed out, an endpoint ejected or unhealthy. A policy gets its kind's Prometheus series from
   * the first eventful state on (PolicyMeters), so ten thousand quiet policies cost no series.
   */
  boolean eventful();
}
