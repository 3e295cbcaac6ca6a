package dev.breakwater.operator.ratelimit.store;

import dev.breakwater.operator.ratelimit.rules.LimitCheck;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Offers decisions to a store at a fixed rate per check for a bounded time, without waiting for
 * answers (an open loop: a slow answer does not slow the offered load). The sender catches up
 * after a stall, so the number offered is exact over the run even on a busy machine.
 */
final class OfferedLoad {

  private OfferedLoad() {}

  /** Runs for {@code duration}; returns every outcome per check once all have completed. */
  static Map<LimitCheck, List<Outcome>> run(
      LimitStore store, List<LimitCheck> checks, double perSecond, Duration duration) {
    Map<LimitCheck, ConcurrentLinkedQueue<Outcome>> outcomes = new ConcurrentHashMap<>();
    checks.forEach(c -> outcomes.put(c, new ConcurrentLinkedQueue<>()));
    List<CompletableFuture<?>> pending = new ArrayList<>();
    long startNanos = System.nanoTime();
    long startMicros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    long[] sent = new long[checks.size()];
    long end = startNanos + duration.toNanos();
    long now;
    while ((now = System.nanoTime()) < end) {
      long due = (long) ((now - startNanos) / 1e9 * perSecond) + 1;
      for (int i = 0; i < checks.size(); i++) {
        LimitCheck check = checks.get(i);
        while (sent[i] < due) {
          sent[i]++;
          long sentNanos = System.nanoTime();
          long sentMicros = startMicros + (sentNanos - startNanos) / 1_000;
          pending.add(store.decide(check).handle((d, e) -> {
            outcomes.get(check).add(new Outcome(sentMicros, e == null ? d.decidedAtMicros() : -1,
                e == null && d.allowed(), e != null, System.nanoTime() - sentNanos));
            return null;
          }));
        }
      }
      LockSupport.parkNanos(200_000);
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).orTimeout(30, TimeUnit.SECONDS).join();
    Map<LimitCheck, List<Outcome>> result = new ConcurrentHashMap<>();
    outcomes.forEach((c, q) -> result.put(c, List.copyOf(q)));
    return result;
  }

  /** Admitted decisions Redis decided in [fromMicros, toMicros). */
  static long admitted(List<Outcome> outcomes, long fromMicros, long toMicros) {
    return outcomes.stream()
        .filter(o -> o.allowed() && o.decidedMicros() >= fromMicros && o.decidedMicros() < toMicros)
        .count();
  }

  /**
   * How long, in total, the offered load stalled between {@code from} and {@code to}: the sum of
   * every gap between consecutive decisions longer than {@code stallMicros}.
   */
  static long stalledMicros(List<Outcome> outcomes, long fromMicros, long toMicros,
      long stallMicros) {
    long[] times = outcomes.stream().mapToLong(Outcome::decidedMicros)
        .filter(t -> t >= fromMicros && t < toMicros).sorted().toArray();
    if (times.length == 0) {
      return toMicros - fromMicros;
    }
    long stalled = 0;
    long previous = fromMicros;
    for (long t : times) {
      stalled += t - previous > stallMicros ? t - previous : 0;
      previous = t;
    }
    return stalled + (toMicros - previous > stallMicros ? toMicros - previous : 0);
  }
}
