package dev.breakwater.operator.status;

import dev.breakwater.operator.state.PolicyKey;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Writes Events on a thread of their own, in order. An Event is one API round trip; written on
 * the status thread, ten thousand policies whose NoProxies lasted 30 s at a start held status
 * for minutes (a change waited 42 s for its Programmed write at 10,000 policies, issue 12).
 * Events are best effort, so a queue that is closed drops them.
 */
final class BackgroundEventSink implements PolicyEvents.EventSink, AutoCloseable {
  private final PolicyEvents.EventSink sink;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "breakwater-events");
    t.setDaemon(true);
    return t;
  });

  BackgroundEventSink(PolicyEvents.EventSink sink) {
    this.sink = sink;
  }

  @Override
  public void write(PolicyKey key, String uid, PolicyEvents.Change change) {
    run(() -> sink.write(key, uid, change));
  }

  @Override
  public void retainOnly(Set<PolicyKey> present) {
    Set<PolicyKey> copy = Set.copyOf(present);
    run(() -> sink.retainOnly(copy));
  }

  private void run(Runnable task) {
    try {
      thread.execute(task);
    } catch (RejectedExecutionException closed) {
      // the operator is stopping
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
