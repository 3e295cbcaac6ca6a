package dev.breakwater.operator.publish;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a task after requests, at most once per window: a request when the task has not started
 * within the last window runs it at once; requests arriving closer together are folded into one
 * run at the end of the window. So a burst costs one run per window and no request waits longer
 * than one window (plus the running time of a run already in progress).
 *
 * <p>Runs never overlap when the scheduler is single-threaded (as the publisher's is).
 */
public final class CoalescingTrigger {

  private static final Logger LOG = LoggerFactory.getLogger(CoalescingTrigger.class);

  private final Scheduler scheduler;
  private final long windowNanos;
  private final Runnable task;
  private boolean enabled;
  private boolean pending;
  private boolean scheduled;
  private boolean everRun;
  private long lastStartNanos;

  public CoalescingTrigger(Scheduler scheduler, Duration window, Runnable task, boolean enabled) {
    this.scheduler = scheduler;
    this.windowNanos = window.toNanos();
    this.task = task;
    this.enabled = enabled;
  }

  public synchronized void request() {
    pending = true;
    scheduleIfNeeded();
  }

  /** Lets requests through; one made while disabled runs now. */
  public synchronized void enable() {
    enabled = true;
    scheduleIfNeeded();
  }

  public synchronized boolean isEnabled() {
    return enabled;
  }

  private void scheduleIfNeeded() {
    if (!enabled || !pending || scheduled) {
      return;
    }
    scheduled = true;
    long delay = everRun ? Math.max(0, lastStartNanos + windowNanos - scheduler.nanoTime()) : 0;
    scheduler.schedule(this::run, delay);
  }

  private void run() {
    synchronized (this) {
      scheduled = false;
      pending = false;
      everRun = true;
      lastStartNanos = scheduler.nanoTime();
    }
    try {
      task.run();
    } catch (RuntimeException | Error e) {
      LOG.error("coalesced task failed; the next request runs it again", e);
    }
  }
}
