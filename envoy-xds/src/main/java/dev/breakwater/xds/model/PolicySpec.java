package dev.breakwater.xds.model;

/** The kind-specific part of a policy. */
public sealed interface PolicySpec permits CircuitBreakerSpec, RateLimitSpec, HealthCheckSpec {
  PolicyKind kind();
}
