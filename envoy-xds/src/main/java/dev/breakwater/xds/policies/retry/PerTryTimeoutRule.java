package dev.breakwater.xds.policies.retry;

import dev.breakwater.xds.ir.RoutedPort;
import dev.breakwater.xds.model.DurationText;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.policy.PortRefusal;
import dev.breakwater.xds.policy.SpecFields;
import java.time.Duration;
import java.util.Optional;

/**
 * A try must be able to end before the request does: {@code perTryTimeout} shorter than the
 * port's request timeout (TimeoutPolicy {@code request}, or Envoy's route default of 15 s without
 * one; {@code 0s} turns it off). Otherwise the request timeout cuts every slow try first, so no
 * retry after a per-try timeout could ever start: the policy is refused on that port.
 */
final class PerTryTimeoutRule {
  static final String REASON = "PerTryTimeoutNotShorter";
  /** Envoy's route timeout when the route sets none. */
  static final Duration ENVOY_REQUEST_TIMEOUT = Duration.ofSeconds(15);
  /** Read by its CRD field name: kinds do not import each other. */
  static final String TIMEOUT_KIND = "TimeoutPolicy";

  private PerTryTimeoutRule() {}

  static Optional<PortRefusal> check(RetrySettings spec, RoutedPort port) {
    if (spec.perTryTimeout() == null) {
      return Optional.empty();
    }
    Optional<Policy> timeout = port.policy(TIMEOUT_KIND);
    Duration request = timeout.flatMap(t -> SpecFields.field(t, Duration.class, "request"))
        .orElse(ENVOY_REQUEST_TIMEOUT);
    if (request.isZero() || spec.perTryTimeout().compareTo(request) < 0) {
      return Optional.empty();
    }
    String requestFrom = timeout
        .map(t -> "the request timeout " + DurationText.format(request) + " of " + TIMEOUT_KIND + " "
            + t.meta().namespace() + "/" + t.meta().name())
        .orElse("Envoy's default request timeout " + DurationText.format(request)
            + " (no " + TIMEOUT_KIND + " on the port)");
    return Optional.of(new PortRefusal(REASON, "perTryTimeout "
        + DurationText.format(spec.perTryTimeout()) + " is not shorter than " + requestFrom
        + ": the request would time out before any try does"));
  }
}
