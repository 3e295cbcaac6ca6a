package dev.breakwater.xds.policies.retry;

import dev.breakwater.xds.ir.RoutedPort;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.model.PolicyMeta;
import dev.breakwater.xds.policy.PortNote;
import dev.breakwater.xds.policy.SpecFields;
import java.util.List;
import java.util.Optional;

/**
 * A retry budget wins over a CircuitBreakerPolicy's {@code limits.maxRetries} on the same port:
 * Envoy ignores a threshold's {@code max_retries} once it has a {@code retry_budget}. The breaker
 * policy says so in an {@code Overridden} condition.
 */
final class MaxRetriesOverride {
  static final String REASON = "RetryBudget";
  /** Read by its CRD field names: kinds do not import each other. */
  static final String BREAKER_KIND = "CircuitBreakerPolicy";

  private MaxRetriesOverride() {}

  static List<PortNote> notes(RetrySettings spec, PolicyMeta meta, RoutedPort port) {
    if (spec.budget() == null) {
      return List.of();
    }
    Optional<Policy> breaker = port.policy(BREAKER_KIND);
    Optional<Integer> maxRetries =
        breaker.flatMap(b -> SpecFields.field(b, Integer.class, "limits", "maxRetries"));
    if (maxRetries.isEmpty()) {
      return List.of();
    }
    return List.of(new PortNote(breaker.get(), PortNote.OVERRIDDEN, REASON,
        "limits.maxRetries " + maxRetries.get() + " does not apply on " + port.clusterName()
            + ": the retry budget of RetryPolicy " + meta.namespace() + "/" + meta.name()
            + " (" + spec.budget().percent() + "% of requests in progress, at least "
            + spec.budget().minConcurrency() + ") replaces it in Envoy"));
  }
}
