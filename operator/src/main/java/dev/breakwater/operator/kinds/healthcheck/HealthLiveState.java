package dev.breakwater.operator.kinds.healthcheck;

import dev.breakwater.operator.stats.LiveState;

public record HealthLiveState(String state, int healthy, int unhealthy, int total)
    implements LiveState {
  public static final String HEALTHY = "Healthy";
  public static final String DEGRADED = "Degraded";
  public static final String UNHEALTHY = "Unhealthy";
  public static final String UNKNOWN = "Unknown";
}
