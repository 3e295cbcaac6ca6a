package dev.breakwater.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Bursts aimed across the edge of a clock second (where FixedWindow's windows begin: Redis's
 * clock is this machine's): one burst ending just before it, one starting just after. Every
 * request has a connection of its own, opened beforehand, so a burst is spread over the Envoys
 * sharing the listener port and takes no connection setup.
 */
final class EdgeBursts implements AutoCloseable {
  /** Requests of a burst go to {@code host} with {@code header: value}. */
  record Target(String host, String header, String value) {}

  /** What one target's bursts saw; times in ns on the test's clock, relative to {@code base}. */
  record Result(List<Sample> first, List<Sample> second, long edgeNanos) {
    /** Whether the first burst was over before the edge and the second began after it. */
    boolean aimed() {
      return first.stream().allMatch(s -> s.endNanos() < edgeNanos)
          && second.stream().allMatch(s -> s.startNanos() > edgeNanos);
    }

    List<Sample> admitted() {
      List<Sample> all = new ArrayList<>(first);
      all.addAll(second);
      return all.stream().filter(s -> s.status() == 200).toList();
    }

    Map<Integer, Long> statuses() {
      Map<Integer, Long> counts = new TreeMap<>();
      first.forEach(s -> counts.merge(s.status(), 1L, Long::sum));
      second.forEach(s -> counts.merge(s.status(), 1L, Long::sum));
      return counts;
    }

    @Override
    public String toString() {
      return "first " + first.stream().map(Sample::status).toList() + ", second "
          + second.stream().map(Sample::status).toList();
    }
  }

  private final List<HttpConnection> connections = new ArrayList<>();
  private final ExecutorService pool;
  private final long baseNanos = System.nanoTime();
  private final long baseWallMillis = System.currentTimeMillis();

  EdgeBursts(int port, int connectionCount) {
    for (int i = 0; i < connectionCount; i++) {
      connections.add(new HttpConnection(port));
    }
    pool = Executors.newFixedThreadPool(connectionCount);
  }

  /** Opens every connection with one request (key {@code warm-up}) to the hosts in turn. */
  void warm(String... hosts) {
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < connections.size(); i++) {
      HttpConnection c = connections.get(i);
      String host = hosts[i % hosts.length];
      done.add(pool.submit(() -> c.get(host, "/", Map.of("x-user", "warm-up"))));
    }
    join(done);
  }

  /**
   * {@code perTarget} requests to each target ending before the next clock second, the same
   * again just after it; the targets' requests run at once, each on its own connection.
   */
  Result[] acrossAnEdge(List<Target> targets, int perTarget) {
    if (targets.size() * perTarget > connections.size()) {
      throw new IllegalArgumentException("one connection per request of a burst");
    }
    await("350 ms before a clock second").atMost(Duration.ofSeconds(3))
        .pollInterval(Duration.ofMillis(2)).until(() -> millisIntoSecond() >= 650
            && millisIntoSecond() < 700);
    long edgeWall = (wallMillis() / 1000 + 1) * 1000;
    long edgeNanos = (edgeWall - baseWallMillis) * 1_000_000;
    List<List<Sample>> first = burst(targets, perTarget);
    await("50 ms past the edge").atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(2))
        .until(() -> wallMillis() >= edgeWall + 50);
    List<List<Sample>> second = burst(targets, perTarget);
    Result[] results = new Result[targets.size()];
    for (int t = 0; t < targets.size(); t++) {
      results[t] = new Result(first.get(t), second.get(t), edgeNanos);
    }
    return results;
  }

  private List<List<Sample>> burst(List<Target> targets, int perTarget) {
    List<List<Future<Sample>>> futures = new ArrayList<>();
    for (int t = 0; t < targets.size(); t++) {
      Target target = targets.get(t);
      List<Future<Sample>> ofTarget = new ArrayList<>();
      for (int i = 0; i < perTarget; i++) {
        HttpConnection c = connections.get(t * perTarget + i);
        ofTarget.add(pool.submit(() -> {
          long start = System.nanoTime() - baseNanos;
          HttpResponse r = c.get(target.host(), "/", Map.of(target.header(), target.value()));
          return new Sample(target.host(), start, System.nanoTime() - baseNanos, r.status(),
              Map.of());
        }));
      }
      futures.add(ofTarget);
    }
    List<List<Sample>> results = new ArrayList<>();
    for (List<Future<Sample>> ofTarget : futures) {
      results.add(join(ofTarget));
    }
    return results;
  }

  /** The wall clock, read through the monotonic one (no jumps within a test). */
  private long wallMillis() {
    return baseWallMillis + (System.nanoTime() - baseNanos) / 1_000_000;
  }

  private long millisIntoSecond() {
    return wallMillis() % 1000;
  }

  private static <T> List<T> join(List<? extends Future<? extends T>> futures) {
    List<T> out = new ArrayList<>();
    for (Future<? extends T> f : futures) {
      try {
        out.add(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    }
    return out;
  }

  @Override
  public void close() {
    pool.shutdownNow();
    connections.forEach(HttpConnection::close);
  }
}
