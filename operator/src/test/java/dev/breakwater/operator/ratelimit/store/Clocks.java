package dev.breakwater.operator.ratelimit.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.locks.LockSupport;

/** The wall clock in microseconds (what Redis's TIME reads), and waiting for a moment on it. */
final class Clocks {

  private Clocks() {}

  static long nowMicros() {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
  }

  /** The first multiple of {@code periodMicros} after now, plus {@code offsetMicros}. */
  static long nextBoundary(long periodMicros, long offsetMicros) {
    return (nowMicros() / periodMicros + 1) * periodMicros + offsetMicros;
  }

  /** Parks until the wall clock reaches {@code epochMicros} (a moment, not a condition). */
  static void parkUntil(long epochMicros) {
    long left;
    while ((left = epochMicros - nowMicros()) > 0) {
      LockSupport.parkNanos(left * 1_000);
    }
  }
}
