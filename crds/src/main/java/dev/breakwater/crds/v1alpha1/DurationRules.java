package dev.breakwater.crds.v1alpha1;

/**
 * The schema constraints duration fields share; annotation values, so compile-time constants.
 * CEL rules first check the pattern themselves: a malformed duration is then reported once, by
 * the pattern, instead of again as a CEL type conversion error.
 */
final class DurationRules {

  /** Go-style durations built from ms, s, m and h, e.g. 250ms, 10s, 1m30s. */
  static final String PATTERN = "^([0-9]+(ms|s|m|h))+$";

  /** Bounds CEL's cost estimate for duration() and keeps values in Go's duration range. */
  static final int MAX_LENGTH = 20;

  private static final String SELF_IS_MALFORMED = "!self.matches('" + PATTERN + "')";

  /** Rules on duration fields: at least the shortest value Envoy and the operator act on. */
  static final String AT_LEAST_10MS = SELF_IS_MALFORMED + " || duration(self) >= duration('10ms')";

  static final String AT_LEAST_100MS = SELF_IS_MALFORMED + " || duration(self) >= duration('100ms')";

  /** Envoy's token bucket refills at most every 50ms. */
  static final String AT_LEAST_50MS = SELF_IS_MALFORMED + " || duration(self) >= duration('50ms')";

  /** Rule on a HealthCheck spec. */
  static final String TIMEOUT_SHORTER_THAN_INTERVAL =
      "!self.timeout.matches('" + PATTERN + "') || !self.interval.matches('" + PATTERN + "')"
          + " || duration(self.timeout) < duration(self.interval)";

  /** Rule on a CircuitBreakerPolicy spec. */
  static final String MAX_RESET_NOT_BELOW_RESET =
      "!self.resetTimeout.matches('" + PATTERN + "') || !self.maxResetTimeout.matches('" + PATTERN
          + "') || duration(self.maxResetTimeout) >= duration(self.resetTimeout)";

  private DurationRules() {}
}
