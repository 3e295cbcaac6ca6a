package dev.breakwater.operator.kube;

import java.time.Duration;

/** Delays that double from a first to a longest one: 1 s, 2 s, 4 s, ... 30 s, 30 s. */
public final class Backoff {

  private final Duration first;
  private final Duration longest;
  private Duration next;

  public Backoff(Duration first, Duration longest) {
    this.first = first;
    this.longest = longest;
    this.next = first;
  }

  /** The delay to wait now; the following one is twice as long, up to the longest. */
  public Duration next() {
    Duration now = next;
    Duration doubled = next.multipliedBy(2);
    next = doubled.compareTo(longest) > 0 ? longest : doubled;
    return now;
  }

  public void reset() {
    next = first;
  }

  /** Waits {@code delay}; false when interrupted (the caller should stop). */
  public boolean pauseFor(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
