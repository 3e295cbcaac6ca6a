package dev.breakwater.operator.ratelimit.bench;

import dev.breakwater.operator.ratelimit.redis.RedisNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Breakwater's rate limit service and envoyproxy/ratelimit side by side in one run, on one local
 * redis-server, with the same descriptors and FixedWindow. Phases alternate between the two so a
 * change in the machine's load hits both alike; the 1-minute load average is taken before each.
 */
final class RateLimitBenchmark {

  /** How long and how hard; {@link #FULL} for docs/benchmarks.md, {@link #SMOKE} for verify. */
  record Settings(Duration warmup, double rate, Duration open, int inFlight, Duration closed, int rounds) {}

  static final Settings FULL = new Settings(Duration.ofSeconds(10), 5_000, Duration.ofSeconds(15), 64,
      Duration.ofSeconds(10), 3);
  /**
   * Gentle enough that a cold JVM on a loaded machine answers every call within the deadline
   * (measured at load 10: ~85 decisions/s right after start, 55 deadline errors at 500/s).
   */
  static final Settings SMOKE = new Settings(Duration.ofSeconds(2), 100, Duration.ofSeconds(1), 8,
      Duration.ofSeconds(1), 1);

  /**
   * One measured phase. {@code p50Ms}/{@code p99Ms} are NaN for a throughput phase.
   * {@code cpuMicrosPerDecision}: CPU time the service process used in the phase per decision
   * (wall-clock numbers suffer from a busy machine, this one much less).
   */
  record Row(int round, String service, String phase, long calls, long errors, double perSecond,
      double p50Ms, double p99Ms, double cpuMicrosPerDecision, double loadAverage) {}

  /** High enough that no benchmark user is ever limited: both services do the same work. */
  static final long REQUESTS_PER_SECOND = 1_000_000;

  private RateLimitBenchmark() {}

  static List<Row> run(Settings settings, Path dir, Path repoRoot) throws InterruptedException {
    Path peerBinary = Contenders.peerBinary(repoRoot);
    List<Row> rows = new ArrayList<>();
    try (RedisNode redis = RedisNode.standalone(dir.resolve("redis"));
        ServiceProcess breakwater = Contenders.breakwater(dir, redis.address());
        ServiceProcess peer = Contenders.peer(dir, peerBinary, redis.address(), REQUESTS_PER_SECOND);
        BenchmarkLoad toBreakwater = new BenchmarkLoad(breakwater.grpcPort, REQUESTS_PER_SECOND);
        BenchmarkLoad toPeer = new BenchmarkLoad(peer.grpcPort, REQUESTS_PER_SECOND)) {
      toBreakwater.closedLoop(settings.inFlight(), settings.warmup());
      toPeer.closedLoop(settings.inFlight(), settings.warmup());
      for (int round = 1; round <= settings.rounds(); round++) {
        List<Named> services = List.of(new Named(breakwater, toBreakwater), new Named(peer, toPeer));
        for (Named service : services) {
          double load = loadAverage();
          long cpu = service.process.cpu().toNanos();
          BenchmarkLoad.Result open = service.load.openLoop(settings.rate(), settings.open());
          rows.add(new Row(round, service.process.name, "open loop " + (int) settings.rate() + "/s",
              open.calls(), open.errors(), open.perSecond(), open.percentileMillis(50),
              open.percentileMillis(99), cpuPerCall(service, cpu, open), load));
        }
        for (Named service : services) {
          double load = loadAverage();
          long cpu = service.process.cpu().toNanos();
          BenchmarkLoad.Result closed = service.load.closedLoop(settings.inFlight(), settings.closed());
          rows.add(new Row(round, service.process.name, "closed loop " + settings.inFlight() + " in flight",
              closed.calls(), closed.errors(), closed.perSecond(), Double.NaN, Double.NaN,
              cpuPerCall(service, cpu, closed), load));
        }
      }
    }
    return rows;
  }

  private record Named(ServiceProcess process, BenchmarkLoad load) {}

  private static double cpuPerCall(Named service, long cpuBeforeNanos, BenchmarkLoad.Result result) {
    return (service.process.cpu().toNanos() - cpuBeforeNanos) / 1e3 / Math.max(1, result.calls());
  }

  static String markdown(List<Row> rows) {
    StringBuilder md = new StringBuilder(
        "| round | service | phase | calls | errors | decisions/s | p50 ms | p99 ms | service CPU us/decision | load avg (1 min) |\n"
            + "|---|---|---|---|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      md.append(String.format("| %d | %s | %s | %d | %d | %.0f | %s | %s | %.1f | %.2f |%n", r.round(),
          r.service(), r.phase(), r.calls(), r.errors(), r.perSecond(), ms(r.p50Ms()), ms(r.p99Ms()),
          r.cpuMicrosPerDecision(), r.loadAverage()));
    }
    return md.toString();
  }

  private static String ms(double value) {
    return Double.isNaN(value) ? "" : String.format("%.3f", value);
  }

  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
