package dev.breakwater.xds.policies.retry;

import dev.breakwater.xds.model.PolicySettings;
import java.time.Duration;
import java.util.List;

/**
 * RetryPolicy spec, bound after the CRD's defaults were applied.
 *
 * @param maxAttempts tries in total, the first included
 * @param perTryTimeout null: a try may take the whole request timeout
 * @param budget null: Envoy's max_retries (CircuitBreakerPolicy limits.maxRetries, default 3)
 */
public record RetrySettings(
    int maxAttempts,
    Backoff backoff,
    List<RetryOn> retryOn,
    List<Integer> retriableStatuses,
    List<String> methods,
    Duration perTryTimeout,
    boolean honorRetryAfter,
    Budget budget)
    implements PolicySettings {

  public RetrySettings {
    retryOn = retryOn == null ? List.of() : List.copyOf(retryOn);
    retriableStatuses = retriableStatuses == null ? List.of() : List.copyOf(retriableStatuses);
    methods = List.copyOf(methods);
  }

  /** The n-th retry waits U[0, min(baseDelay * 2^(n-1), maxDelay)). */
  public record Backoff(Duration baseDelay, Duration maxDelay) {}

  /** Retries in progress at most max(minConcurrency, percent % of requests in progress). */
  public record Budget(int percent, int minConcurrency) {}

  public enum RetryOn {
    ServerError,
    GatewayError,
    Reset,
    ConnectFailure
  }
}
