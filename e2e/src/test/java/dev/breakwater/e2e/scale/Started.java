package dev.breakwater.e2e.scale;

import java.util.ArrayDeque;
import java.util.Deque;

/** What one benchmark run started, closed last first however the run ends. */
final class Started implements AutoCloseable {
  private final Deque<AutoCloseable> started = new ArrayDeque<>();

  <T extends AutoCloseable> T track(T closeable) {
    started.push(closeable);
    return closeable;
  }

  @Override
  public void close() {
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        // keep closing the rest
      }
    }
  }
}
