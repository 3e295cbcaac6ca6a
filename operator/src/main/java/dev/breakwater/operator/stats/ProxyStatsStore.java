package dev.breakwater.operator.stats;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stats per metrics stream (one per Envoy process): latest gauges, and counters turned into
 * increases. Counters are cumulative in Envoy; an increase is the difference between two flushes
 * of one stream (a value that went down means Envoy restarted: the new value is the increase).
 *
 * <p>The first flush of a stream only sets the baseline, unless the proxy itself just started
 * (server.uptime below {@link #FRESH_PROXY_UPTIME}): an operator restart must not count again
 * what a long-running Envoy counted before, while a new Envoy's first requests still count.
 */
public final class ProxyStatsStore {

  public static final double FRESH_PROXY_UPTIME = 10;
  /** Longest "recently" question asked (DryRun would-open uses the policy's reset timeout). */
  public static final Duration INCREASES_KEPT = Duration.ofMinutes(15);

  private final Clock clock;
  private final Map<String, Stream> streams = new HashMap<>();
  private final Map<String, Double> totals = new HashMap<>();
  private final Map<String, Deque<StatsView.Increase>> increases = new HashMap<>();

  /** The last view, reused while no proxy reported and it is younger than {@link #VIEW_REUSE}. */
  private StatsView lastView;
  private boolean changedSinceView = true;
  /** Status passes run many times a second; stats arrive every few seconds per proxy. */
  private static final Duration VIEW_REUSE = Duration.ofSeconds(1);

  public ProxyStatsStore(Clock clock) {
    this.clock = clock;
  }

  /**
   * One flush of a stream. A flush carries every stat the stream reports (Envoy flushes all its
   * stats each time; a replica reports a stream's latest flush whole), so a gauge it no longer
   * carries is gone: an endpoint that left, a cluster that was removed.
   *
   * @param streamId one metrics stream: a local one, or a stream another replica reported (its
   *     samples come here each time its report changes)
   */
  public synchronized void update(String streamId, String nodeId,
      Collection<StatSample> samples) {
    Instant now = clock.instant();
    changedSinceView = true;
    Stream stream = streams.computeIfAbsent(streamId, id -> new Stream(nodeId));
    boolean first = stream.counters.isEmpty() && stream.gauges.isEmpty();
    stream.gauges.clear();
    boolean fresh = first && samples.stream()
        .anyMatch(s -> s.name().equals(StatNames.SERVER_UPTIME)
            && s.value() < FRESH_PROXY_UPTIME);
    for (StatSample s : samples) {
      if (!s.counter()) {
        stream.gauges.put(s.name(), s.value());
        continue;
      }
      Double previous = stream.counters.put(s.name(), s.value());
      double increase;
      if (previous == null) {
        increase = first && !fresh ? 0 : s.value();
      } else {
        increase = s.value() >= previous ? s.value() - previous : s.value();
      }
      if (increase > 0) {
        totals.merge(s.name(), increase, Double::sum);
        increases.computeIfAbsent(s.name(), n -> new ArrayDeque<>())
            .addLast(new StatsView.Increase(now, increase));
      } else {
        totals.putIfAbsent(s.name(), 0.0);
      }
    }
    prune(now);
  }

  public synchronized void remove(String streamId) {
    changedSinceView = true;
    streams.remove(streamId);
  }

  /** The latest flush of every stream, as a replica reports it to the leader. */
  public synchronized List<StreamSamples> latest() {
    List<StreamSamples> out = new ArrayList<>();
    streams.forEach((id, s) -> {
      List<StatSample> samples = new ArrayList<>();
      s.counters.forEach((name, v) -> samples.add(new StatSample(name, true, v)));
      s.gauges.forEach((name, v) -> samples.add(new StatSample(name, false, v)));
      samples.sort(Comparator.comparing(StatSample::name));
      out.add(new StreamSamples(id, s.nodeId, samples));
    });
    out.sort(Comparator.comparing(StreamSamples::streamId));
    return out;
  }

  public synchronized StatsView view() {
    Instant now = clock.instant();
    if (!changedSinceView && lastView != null
        && now.isBefore(lastView.now().plus(VIEW_REUSE))) {
      return lastView; // the same object: whoever derives from it may keep what it derived
    }
    Map<String, List<Double>> gauges = new HashMap<>();
    for (Stream s : streams.values()) {
      s.gauges.forEach((name, v) -> gauges.computeIfAbsent(name, n -> new ArrayList<>()).add(v));
    }
    Map<String, List<StatsView.Increase>> inc = new HashMap<>();
    increases.forEach((name, deque) -> inc.put(name, List.copyOf(deque)));
    gauges.replaceAll((k, v) -> List.copyOf(v));
    lastView = new StatsView(gauges, totals, inc, now);
    changedSinceView = false;
    return lastView;
  }

  private void prune(Instant now) {
    Instant oldest = now.minus(INCREASES_KEPT);
    for (Deque<StatsView.Increase> deque : increases.values()) {
      while (!deque.isEmpty() && deque.peekFirst().at().isBefore(oldest)) {
        deque.removeFirst();
      }
    }
  }

  private static final class Stream {
    final String nodeId;
    final Map<String, Double> gauges = new HashMap<>();
    final Map<String, Double> counters = new HashMap<>();

    Stream(String nodeId) {
      this.nodeId = nodeId;
    }
  }
}
