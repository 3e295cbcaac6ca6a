package dev.breakwater.operator.kinds.healthcheck;

import dev.breakwater.operator.stats.LiveState;
import java.util.List;

/**
 * @param endpoints each endpoint as the proxies see it; empty while no proxy reports
 *     per-endpoint health (the counts then come from the cluster's membership gauges)
 * @param panicRouting Envoy balanced requests in panic mode recently (failing endpoints got
 *     traffic): {@code lb_healthy_panic} grew within {@link HealthCheckOperatorKind#RECENT}
 */
public record HealthLiveState(String state, int healthy, int unhealthy, int total,
    List<EndpointHealth> endpoints, boolean panicRouting) implements LiveState {
  public static final String HEALTHY = "Healthy";
  public static final String DEGRADED = "Degraded";
  public static final String UNHEALTHY = "Unhealthy";
  public static final String UNKNOWN = "Unknown";

  public HealthLiveState {
    endpoints = List.copyOf(endpoints);
  }

  /** Counts only: no per-endpoint report, no panic routing. */
  public HealthLiveState(String state, int healthy, int unhealthy, int total) {
    this(state, healthy, unhealthy, total, List.of(), false);
  }

  @Override
  public boolean eventful() {
    return unhealthy > 0 || panicRouting;
  }
}
