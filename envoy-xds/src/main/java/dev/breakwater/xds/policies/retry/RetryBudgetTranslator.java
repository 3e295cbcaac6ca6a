package dev.breakwater.xds.policies.retry;

import com.google.protobuf.UInt32Value;
import io.envoyproxy.envoy.config.cluster.v3.CircuitBreakers;
import io.envoyproxy.envoy.config.core.v3.RoutingPriority;
import io.envoyproxy.envoy.type.v3.Percent;

/**
 * RetryPolicy {@code budget} -> the cluster's {@code circuit_breakers} default-priority threshold
 * gets a {@code retry_budget}: retries in progress (in back-off or sent) at most
 * max(min_retry_concurrency, budget_percent x (active + pending requests)). With it Envoy ignores
 * the threshold's {@code max_retries} (a CircuitBreakerPolicy's limits.maxRetries). The threshold
 * a CircuitBreakerPolicy made (kinds shape clusters in registry order) keeps its other limits.
 */
final class RetryBudgetTranslator {
  private RetryBudgetTranslator() {}

  static void shape(RetrySettings.Budget budget, CircuitBreakers.Builder breakers) {
    CircuitBreakers.Thresholds.Builder threshold = null;
    for (CircuitBreakers.Thresholds.Builder t : breakers.getThresholdsBuilderList()) {
      if (t.getPriority() == RoutingPriority.DEFAULT) {
        threshold = t;
      }
    }
    if (threshold == null) {
      threshold = breakers.addThresholdsBuilder()
          .setPriority(RoutingPriority.DEFAULT)
          // remaining_retries shows how much of the budget is left
          .setTrackRemaining(true);
    }
    threshold.setRetryBudget(CircuitBreakers.Thresholds.RetryBudget.newBuilder()
        .setBudgetPercent(Percent.newBuilder().setValue(budget.percent()))
        .setMinRetryConcurrency(UInt32Value.of(budget.minConcurrency())));
  }
}
