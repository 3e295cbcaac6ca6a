package dev.breakwater.e2e.scale;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** Nearest-rank percentiles of durations in nanoseconds, reported in milliseconds. */
final class Percentiles {
  private final List<Long> sorted;

  Percentiles(Collection<Long> nanos) {
    sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
  }

  int count() {
    return sorted.size();
  }

  /** The p-th percentile (0 < p <= 100) in ms; NaN without samples. */
  double ms(double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1))) / 1e6;
  }

  double maxMs() {
    return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1) / 1e6;
  }

  /** "p50 / p99 / max" in ms. */
  String summary() {
    return sorted.isEmpty() ? "n/a" : "%s / %s / %s ms".formatted(fmt(ms(50)), fmt(ms(99)),
        fmt(maxMs()));
  }

  static String fmt(double ms) {
    return ms >= 100 ? String.format("%.0f", ms) : String.format("%.1f", ms);
  }
}
