package dev.breakwater.operator.kinds;

import dev.breakwater.operator.stats.LiveState;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleSupplier;
import java.util.function.ToDoubleFunction;

/**
 * The latest live state of one policy, as its Prometheus series read it: gauges follow it,
 * counters never go down (a proxy that restarts or leaves must not make a total shrink).
 */
public final class LatestLiveState {
  private volatile LiveState latest;
  private final List<Counter<?>> counters = new CopyOnWriteArrayList<>();

  public void set(LiveState live) {
    this.latest = live;
    counters.forEach(c -> c.offer(live));
  }

  /** {@code read} of the latest state when it is a {@code type}, else 0. */
  public <T extends LiveState> double gauge(Class<T> type, ToDoubleFunction<T> read) {
    LiveState s = latest;
    return type.isInstance(s) ? read.applyAsDouble(type.cast(s)) : 0;
  }

  /** A total that is the highest value {@code read} has given of any state set so far. */
  public <T extends LiveState> DoubleSupplier counter(Class<T> type, ToDoubleFunction<T> read) {
    Counter<T> counter = new Counter<>(type, read);
    counter.offer(latest);
    counters.add(counter);
    return counter::value;
  }

  private static final class Counter<T extends LiveState> {
    private final Class<T> type;
    private final ToDoubleFunction<T> read;
    private volatile double value;

    Counter(Class<T> type, ToDoubleFunction<T> read) {
      this.type = type;
      this.read = read;
    }

    synchronized void offer(LiveState live) {
      if (type.isInstance(live)) {
        value = Math.max(value, read.applyAsDouble(type.cast(live)));
      }
    }

    double value() {
      return value;
    }
  }
}
