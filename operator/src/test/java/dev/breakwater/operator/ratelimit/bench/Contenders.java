package dev.breakwater.operator.ratelimit.bench;

import dev.breakwater.operator.Main;
import dev.breakwater.operator.ratelimit.redis.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The two services of the benchmark, configured for the same descriptors on the same Redis:
 * Breakwater's {@code ratelimit} subcommand in a JVM of its own, and envoyproxy/ratelimit (built
 * by e2e/tools/provision-ratelimit-peer) with its defaults (Redis pool of 10, no pipelining, no
 * local cache, no stats sink).
 */
final class Contenders {

  private Contenders() {}

  static ServiceProcess breakwater(Path dir, String redisAddress) {
    int grpc = LoopbackPorts.free();
    int http = LoopbackPorts.free();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "ratelimit", "--bind-address", "127.0.0.1",
        "--grpc-port", Integer.toString(grpc), "--http-port", Integer.toString(http),
        // a long store timeout: the benchmark measures how slow, not how often a deadline trips
        // (the peer has no store timeout either)
        "--redis", redisAddress, "--store-timeout-ms", "1000");
    return ServiceProcess.start("breakwater", command, Map.of("BREAKWATER_LOG_LEVEL", "WARN"),
        dir.resolve("breakwater.log"), grpc, "http://127.0.0.1:" + http + "/readyz");
  }

  /**
   * envoyproxy/ratelimit with one rule matching the benchmark's descriptors: the same limit
   * entry and rule entry, a fixed window of {@code requestsPerSecond} per breakwater_key value.
   */
  static ServiceProcess peer(Path dir, Path binary, String redisAddress, long requestsPerSecond) {
    Path config = dir.resolve("runtime/ratelimit/config/config.yaml");
    try {
      Files.createDirectories(config.getParent());
      Files.writeString(config, """
          domain: breakwater
          descriptors:
          - key: breakwater_limit
            value: "%s"
            descriptors:
            - key: breakwater_rule
              value: "%s"
              descriptors:
              - key: breakwater_key
                rate_limit: {unit: second, requests_per_unit: %d}
          """.formatted(BenchmarkLoad.LIMIT_ID, BenchmarkLoad.rule(requestsPerSecond), requestsPerSecond));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int grpc = LoopbackPorts.free();
    int http = LoopbackPorts.free();
    Map<String, String> env = Map.ofEntries(
        Map.entry("HOST", "127.0.0.1"), Map.entry("PORT", Integer.toString(http)),
        Map.entry("GRPC_HOST", "127.0.0.1"), Map.entry("GRPC_PORT", Integer.toString(grpc)),
        Map.entry("DEBUG_HOST", "127.0.0.1"), Map.entry("DEBUG_PORT", Integer.toString(LoopbackPorts.free())),
        Map.entry("USE_STATSD", "false"), Map.entry("LOG_LEVEL", "warn"),
        Map.entry("REDIS_SOCKET_TYPE", "tcp"), Map.entry("REDIS_URL", redisAddress),
        Map.entry("RUNTIME_ROOT", dir.resolve("runtime").toString()),
        Map.entry("RUNTIME_SUBDIRECTORY", "ratelimit"),
        Map.entry("RUNTIME_WATCH_ROOT", "false"), Map.entry("RUNTIME_IGNOREDOTFILES", "true"));
    return ServiceProcess.start("envoyproxy/ratelimit", List.of(binary.toString()), env,
        dir.resolve("peer.log"), grpc, "http://127.0.0.1:" + http + "/healthcheck");
  }

  /** Builds the peer if needed (cached in ~/.cache/breakwater/ratelimit-<version>/). */
  static Path peerBinary(Path repoRoot) {
    try {
      Process p = new ProcessBuilder(repoRoot.resolve("e2e/tools/provision-ratelimit-peer").toString())
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      if (p.waitFor() != 0 || !out.startsWith("RATELIMIT_PEER=")) {
        throw new IllegalStateException("provision-ratelimit-peer failed: " + out);
      }
      return Path.of(out.substring("RATELIMIT_PEER=".length()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
