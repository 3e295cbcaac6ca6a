package dev.breakwater.operator.kinds;

import dev.breakwater.operator.kinds.circuitbreaker.CircuitBreakerOperatorKind;
import dev.breakwater.operator.kinds.healthcheck.HealthCheckOperatorKind;
import dev.breakwater.operator.kinds.ratelimit.RateLimitOperatorKind;
import dev.breakwater.operator.kinds.retry.RetryOperatorKind;
import dev.breakwater.operator.kinds.timeout.TimeoutOperatorKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The registry of the operator's side of every policy kind (see {@code PolicyKinds}). */
public final class OperatorKinds {
  private static final List<OperatorKind<?>> ALL = List.of(
      new CircuitBreakerOperatorKind(),
      new RateLimitOperatorKind(),
      new HealthCheckOperatorKind(),
      new RetryOperatorKind(),
      new TimeoutOperatorKind());
  private static final Map<String, OperatorKind<?>> BY_NAME = new LinkedHashMap<>();

  static {
    ALL.forEach(k -> BY_NAME.put(k.name(), k));
  }

  private OperatorKinds() {}

  public static List<OperatorKind<?>> all() {
    return ALL;
  }

  /** @throws IllegalArgumentException for a kind that is not registered */
  public static OperatorKind<?> of(String name) {
    OperatorKind<?> kind = BY_NAME.get(name);
    if (kind == null) {
      throw new IllegalArgumentException("unknown policy kind " + name);
    }
    return kind;
  }

  /** The name under which the stats sink keeps {@code statName}, or null when no kind reads it. */
  public static String keep(String statName) {
    for (OperatorKind<?> kind : ALL) {
      String kept = kind.keep(statName);
      if (kept != null) {
        return kept;
      }
    }
    return null;
  }
}
