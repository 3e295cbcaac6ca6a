package dev.breakwater.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every try an {@link Upstream} received, grouped by request ({@code x-request-id}, which Envoy
 * keeps on its retries), with the method and when it arrived ({@link System#nanoTime()}).
 */
public final class TryLog {
  /** One try as the upstream saw it. */
  public record Try(String method, long arrivedNanos) {}

  private final Map<String, List<Try>> byRequest = new LinkedHashMap<>();

  /** Records a try; returns its number within the request (1 = the first try). */
  synchronized int record(String requestId, String method, long arrivedNanos) {
    List<Try> tries = byRequest.computeIfAbsent(requestId, id -> new ArrayList<>());
    tries.add(new Try(method, arrivedNanos));
    return tries.size();
  }

  /** Request id -> its tries in arrival order. */
  public synchronized Map<String, List<Try>> requests() {
    Map<String, List<Try>> copy = new LinkedHashMap<>();
    byRequest.forEach((id, tries) -> copy.put(id, List.copyOf(tries)));
    return copy;
  }

  public synchronized int totalTries() {
    return byRequest.values().stream().mapToInt(List::size).sum();
  }

  /**
   * Gaps between consecutive tries of each request, in ms, by retry: index 0 holds the gaps
   * before the first retry (try 2), index 1 before the second, ...
   */
  public synchronized List<List<Double>> gapsByRetry() {
    List<List<Double>> gaps = new ArrayList<>();
    for (List<Try> tries : byRequest.values()) {
      for (int i = 1; i < tries.size(); i++) {
        while (gaps.size() < i) {
          gaps.add(new ArrayList<>());
        }
        gaps.get(i - 1).add((tries.get(i).arrivedNanos() - tries.get(i - 1).arrivedNanos()) / 1e6);
      }
    }
    return gaps;
  }

  public synchronized void clear() {
    byRequest.clear();
  }
}
