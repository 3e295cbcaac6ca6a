package dev.breakwater.xds.policies.retry;

import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.List;
import java.util.Optional;

/**
 * RetryPolicy {@code methods} -> {@code retry_policy.retriable_request_headers}: a {@code :method}
 * matcher, so Envoy retries only requests with a listed method and tries the others once.
 *
 * <p>Not by splitting routes per method group: a RateLimitPolicy's token bucket lives in a route's
 * per-route config, so two routes would mean two buckets and double the limit (measured: one
 * 10-token config on a GET route and an other-methods route admitted 10 GET + 10 POST).
 */
final class RetryMethodsTranslator {
  /** Every method the CRD accepts: listing them all needs no matcher. */
  static final int ALL_METHODS = 9;

  private RetryMethodsTranslator() {}

  static Optional<HeaderMatcher> retriableRequestHeaders(List<String> methods) {
    if (methods.size() >= ALL_METHODS) {
      return Optional.empty();
    }
    StringMatcher match = methods.size() == 1
        ? StringMatcher.newBuilder().setExact(methods.get(0)).build()
        : StringMatcher.newBuilder().setSafeRegex(RegexMatcher.newBuilder()
            .setRegex("^(" + String.join("|", methods) + ")$")).build();
    return Optional.of(HeaderMatcher.newBuilder().setName(":method").setStringMatch(match).build());
  }
}
