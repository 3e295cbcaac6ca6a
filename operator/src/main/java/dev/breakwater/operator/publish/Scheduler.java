package dev.breakwater.operator.publish;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The two things the coalescing trigger needs from time: now, and run-later. */
public interface Scheduler {

  long nanoTime();

  void schedule(Runnable task, long delayNanos);

  static Scheduler of(ScheduledExecutorService executor) {
    return new Scheduler() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public void schedule(Runnable task, long delayNanos) {
        executor.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
      }
    };
  }
}
