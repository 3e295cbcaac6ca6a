package dev.breakwater.operator.kinds.healthcheck;

import java.time.Duration;

/** Durations as a HealthCheck's spec writes them: 1s, 500ms. */
final class Durations {
  private Durations() {}

  static String text(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
