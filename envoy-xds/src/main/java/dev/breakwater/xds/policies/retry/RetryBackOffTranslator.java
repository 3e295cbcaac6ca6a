package dev.breakwater.xds.policies.retry;

import dev.breakwater.xds.policy.Protos;
import io.envoyproxy.envoy.config.route.v3.RetryPolicy;

/**
 * RetryPolicy {@code backoff} -> {@code retry_back_off} (Envoy's full jitter: retry n waits
 * U[0, min(base * 2^(n-1), max)) ) and {@code honorRetryAfter} -> {@code
 * rate_limited_retry_back_off}: a retried response carrying {@code Retry-After} or {@code
 * X-RateLimit-Reset} (delta seconds) waits U[value, 1.5 * value) instead. Envoy ignores a value
 * above the back-off's max_interval (300 s by default), and then uses the exponential back-off.
 */
final class RetryBackOffTranslator {
  static final String RETRY_AFTER = "retry-after";
  static final String RATE_LIMIT_RESET = "x-ratelimit-reset";

  private RetryBackOffTranslator() {}

  static void shape(RetrySettings spec, RetryPolicy.Builder retry) {
    retry.setRetryBackOff(RetryPolicy.RetryBackOff.newBuilder()
        .setBaseInterval(Protos.duration(spec.backoff().baseDelay()))
        .setMaxInterval(Protos.duration(spec.backoff().maxDelay())));
    if (spec.honorRetryAfter()) {
      retry.setRateLimitedRetryBackOff(RetryPolicy.RateLimitedRetryBackOff.newBuilder()
          .addResetHeaders(resetHeader(RETRY_AFTER))
          .addResetHeaders(resetHeader(RATE_LIMIT_RESET)));
    }
  }

  private static RetryPolicy.ResetHeader resetHeader(String name) {
    return RetryPolicy.ResetHeader.newBuilder()
        .setName(name)
        .setFormat(RetryPolicy.ResetHeaderFormat.SECONDS)
        .build();
  }
}
