package dev.breakwater.xds.model;

/** The three policy kinds of {@code resilience.breakwater.dev/v1alpha1}. */
public enum PolicyKind {
  CircuitBreakerPolicy,
  RateLimitPolicy,
  HealthCheck;

  public static final String GROUP = "resilience.breakwater.dev";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
}
