package dev.breakwater.operator.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CoalescingTriggerTest {

  private static final Duration WINDOW = Duration.ofMillis(100);
  private static final long W = WINDOW.toNanos();

  /** A clock and scheduler the test moves by hand: exact delays, no timing flakiness. */
  static final class ManualScheduler implements Scheduler {
    long now;
    final List<long[]> delays = new ArrayList<>();
    final List<Runnable> queue = new ArrayList<>();

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public void schedule(Runnable task, long delayNanos) {
      delays.add(new long[] {now, delayNanos});
      queue.add(task);
    }

    void runNext() {
      long[] d = delays.get(delays.size() - queue.size());
      now = Math.max(now, d[0] + d[1]);
      queue.remove(0).run();
    }
  }

  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  @Test
  void aLoneRequestRunsAtOnce() {
    ManualScheduler s = new ManualScheduler();
    AtomicInteger runs = new AtomicInteger();
    CoalescingTrigger t = new CoalescingTrigger(s, WINDOW, runs::incrementAndGet, true);

    t.request();

    assertThat(s.delays).hasSize(1);
    assertThat(s.delays.get(0)[1]).isZero();
    s.runNext();
    assertThat(runs).hasValue(1);
  }

  @Test
  void aBurstRightAfterARunWaitsForTheEndOfTheWindowAndRunsOnce() {
    ManualScheduler s = new ManualScheduler();
    AtomicInteger runs = new AtomicInteger();
    CoalescingTrigger t = new CoalescingTrigger(s, WINDOW, runs::incrementAndGet, true);
    t.request();
    s.runNext(); // run 1 starts at 0

    s.now = W / 10; // 10 ms later a burst of 50 requests
    for (int i = 0; i < 50; i++) {
      t.request();
      s.now += 1000;
    }

    assertThat(s.queue).hasSize(1);
    long[] scheduled = s.delays.get(1);
    assertThat(scheduled[0] + scheduled[1]).as("runs exactly one window after the last run")
        .isEqualTo(W);
    s.runNext();
    assertThat(runs).hasValue(2);
    assertThat(s.queue).isEmpty();
  }

  @Test
  void aRequestAfterAQuietWindowRunsAtOnceAgain() {
    ManualScheduler s = new ManualScheduler();
    CoalescingTrigger t = new CoalescingTrigger(s, WINDOW, () -> { }, true);
    t.request();
    s.runNext();

    s.now = 3 * W;
    t.request();

    assertThat(s.delays.get(1)[1]).isZero();
  }

  @Test
  void aRequestDuringARunIsNotLost() {
    ManualScheduler s = new ManualScheduler();
    List<Integer> seen = new ArrayList<>();
    CoalescingTrigger[] t = new CoalescingTrigger[1];
    t[0] = new CoalescingTrigger(s, WINDOW, () -> {
      seen.add(seen.size());
      if (seen.size() == 1) {
        t[0].request(); // a change arrives while the first run is translating
      }
    }, true);
    t[0].request();
    s.runNext();

    assertThat(s.queue).as("the change during the run gets a run of its own").hasSize(1);
    s.runNext();
    assertThat(seen).containsExactly(0, 1);
  }

  @Test
  void requestsWhileDisabledRunOnceWhenEnabled() {
    ManualScheduler s = new ManualScheduler();
    AtomicInteger runs = new AtomicInteger();
    CoalescingTrigger t = new CoalescingTrigger(s, WINDOW, runs::incrementAndGet, false);
    t.request();
    t.request();
    assertThat(s.queue).isEmpty();

    t.enable();

    assertThat(s.queue).hasSize(1);
    s.runNext();
    assertThat(runs).hasValue(1);
  }

  @Test
  void aFailingRunDoesNotStopLaterRuns() {
    ManualScheduler s = new ManualScheduler();
    AtomicInteger runs = new AtomicInteger();
    CoalescingTrigger t = new CoalescingTrigger(s, WINDOW, () -> {
      if (runs.incrementAndGet() == 1) {
        throw new IllegalStateException("boom");
      }
    }, true);
    t.request();
    s.runNext();
    s.now = 2 * W;
    t.request();
    s.runNext();
    assertThat(runs).hasValue(2);
  }

  @Test
  void onARealExecutorABurstBecomesOneRunAtTheEndOfTheWindow() {
    Duration window = Duration.ofMillis(300);
    List<Long> runStarts = new CopyOnWriteArrayList<>();
    CoalescingTrigger t = new CoalescingTrigger(Scheduler.of(executor), window,
        () -> runStarts.add(System.nanoTime()), true);

    long first = System.nanoTime();
    t.request();
    await().atMost(Duration.ofSeconds(2)).until(() -> runStarts.size() == 1);
    assertThat(TimeUnit.NANOSECONDS.toMillis(runStarts.get(0) - first))
        .as("a lone change is published at once, not after a window").isLessThan(250);

    for (int i = 0; i < 200; i++) {
      t.request();
    }
    await().atMost(Duration.ofSeconds(2)).until(() -> runStarts.size() == 2);
    assertThat(runStarts.get(1) - runStarts.get(0))
        .as("the burst waited for the window").isGreaterThanOrEqualTo(window.toNanos());
    await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2))
        .until(() -> runStarts.size() == 2);
  }
}
