package dev.breakwater.operator.stats;

/** What a policy is doing in the data plane right now, as read from Envoy's stats. */
public sealed interface LiveState {

  String state();

  /**
   * @param wouldOpenEndpoints DryRun only (null in Enforce)
   * @param overflowRequests requests failed by a circuit_breakers threshold since operator start
   */
  record Breaker(String state, int openEndpoints, int totalEndpoints, Integer wouldOpenEndpoints,
      long overflowRequests) implements LiveState {
    public static final String CLOSED = "Closed";
    public static final String OPEN = "Open";
    public static final String WOULD_OPEN = "WouldOpen";
  }

  /** Totals since the operator started, over all proxies. */
  record RateLimit(String state, long limitedRequests, long allowedRequests)
      implements LiveState {
    public static final String IDLE = "Idle";
    public static final String LIMITING = "Limiting";
    public static final String WOULD_LIMIT = "WouldLimit";
  }

  record Health(String state, int healthy, int unhealthy, int total) implements LiveState {
    public static final String HEALTHY = "Healthy";
    public static final String DEGRADED = "Degraded";
    public static final String UNHEALTHY = "Unhealthy";
    public static final String UNKNOWN = "Unknown";
  }
}
