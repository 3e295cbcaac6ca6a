package dev.breakwater.e2e;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Ending the processes the tests start, the same way everywhere. */
public final class ChildProcess {

  private ChildProcess() {}

  /**
   * SIGTERM, then SIGKILL when it has not ended within {@code grace}; returns once it has ended
   * (or 10 s after the SIGKILL). Interrupted: kills it and keeps the interrupt.
   */
  public static void stop(Process process, Duration grace) {
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
