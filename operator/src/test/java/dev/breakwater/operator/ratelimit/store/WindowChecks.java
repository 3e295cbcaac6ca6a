package dev.breakwater.operator.ratelimit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each algorithm's promise checked decision by decision on Redis's clock (each decision reports
 * when Redis made it), so the checks hold however the machine stalls. Every outcome is of one hit.
 */
final class WindowChecks {

  private WindowChecks() {}

  /**
   * For every hit decided at t: the hits admitted in (t - period, t] number at most the limit
   * if it was admitted, and at least the limit if it was refused.
   */
  static void assertSlidingWindowExact(List<Outcome> outcomes, int limit, long periodMicros) {
    long[] admitted = outcomes.stream().filter(Outcome::allowed).mapToLong(Outcome::decidedMicros)
        .sorted().toArray();
    for (Outcome o : outcomes) {
      long t = o.decidedMicros();
      int inWindow = upTo(admitted, t) - upTo(admitted, t - periodMicros);
      if (o.allowed()) {
        assertThat(inWindow).as("admitted in the period ending at an admission " + t).isLessThanOrEqualTo(limit);
      } else {
        assertThat(inWindow).as("admitted in the period ending at a refusal " + t).isGreaterThanOrEqualTo(limit);
      }
    }
  }

  /** Per window (aligned to the epoch): at most the limit, and exactly the limit if any hit was refused. */
  static void assertFixedWindowExact(List<Outcome> outcomes, int limit, long periodMicros) {
    Map<Long, int[]> windows = new TreeMap<>(); // window -> {admitted, refused}
    for (Outcome o : outcomes) {
      windows.computeIfAbsent(o.decidedMicros() / periodMicros, w -> new int[2])[o.allowed() ? 0 : 1]++;
    }
    windows.forEach((window, counts) -> {
      assertThat(counts[0]).as("admitted in window " + window).isLessThanOrEqualTo(limit);
      if (counts[1] > 0) {
        assertThat(counts[0]).as("admitted in window " + window + " that refused hits").isEqualTo(limit);
      }
    });
  }

  /**
   * Replays the decisions through a token bucket of the same numbers (refilled continuously from
   * the last admission, as the script keeps it) and requires every decision to be the replay's.
   * At one instant an admission is replayed before a refusal: the reverse order cannot happen.
   */
  static void assertTokenBucketExact(List<Outcome> outcomes, long requests, long periodMicros, long burst) {
    List<Outcome> ordered = outcomes.stream().sorted((a, b) -> a.decidedMicros() != b.decidedMicros()
        ? Long.compare(a.decidedMicros(), b.decidedMicros()) : Boolean.compare(b.allowed(), a.allowed()))
        .toList();
    double tokens = burst;
    long last = Long.MIN_VALUE;
    for (Outcome o : ordered) {
      long now = last == Long.MIN_VALUE ? o.decidedMicros() : Math.max(o.decidedMicros(), last);
      double available = last == Long.MIN_VALUE ? tokens
          : Math.min(burst, tokens + (double) (now - last) * requests / periodMicros);
      if (o.allowed()) {
        assertThat(available).as("tokens at an admission at " + now).isGreaterThanOrEqualTo(1 - 1e-9);
        tokens = available - 1;
        last = now;
      } else {
        assertThat(available).as("tokens at a refusal at " + now).isLessThan(1 + 1e-9);
      }
    }
  }

  /** How many of the sorted times are at most t. */
  private static int upTo(long[] sorted, long t) {
    int i = Arrays.binarySearch(sorted, t);
    if (i < 0) {
      return -i - 1;
    }
    while (i + 1 < sorted.length && sorted[i + 1] == t) {
      i++;
    }
    return i + 1;
  }
}
