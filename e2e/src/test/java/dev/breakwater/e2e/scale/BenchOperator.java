package dev.breakwater.e2e.scale;

import dev.breakwater.e2e.FreePorts;
import dev.breakwater.e2e.TestBed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The operator jar in a process of its own, with the JVM sized as the chart sizes it: the
 * container's memory limit as {@code -XX:MaxRAM} and the chart's {@code jvmOptions}
 * ({@code -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError}), so heap size and GC are what
 * the pod's JVM picks. Watches every namespace, mutual TLS on xDS (CA Secret in
 * {@code bench-system}). Measures itself from outside: RSS, CPU time, live heap after a full GC
 * ({@code jcmd GC.run}), {@code /metrics}.
 */
final class BenchOperator implements AutoCloseable {
  static final String SECRET_NAMESPACE = "bench-system";

  final int xdsPort = FreePorts.next();
  final int httpPort = FreePorts.next();
  final int listenerPort = FreePorts.next();
  private final Path log;
  private final Process process;
  private final long startNanos = System.nanoTime();
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();

  BenchOperator(String name, Path kubeconfig, String memoryLimit, List<String> extraArgs) {
    Path jar = TestBed.repoRoot().resolve("operator/target/breakwater-operator.jar");
    log = TestBed.workDir(name).resolve("operator.log");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:MaxRAM=" + memoryLimit, "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError",
        "-jar", jar.toString(), "run",
        "--xds-port=" + xdsPort, "--http-port=" + httpPort, "--listener-port=" + listenerPort,
        "--bind-address=127.0.0.1", "--xds-secret-namespace=" + SECRET_NAMESPACE));
    command.addAll(extraArgs);
    // e.g. a flight recording: -Dbreakwater.bench.operatorJvmArgs=-XX:StartFlightRecording=...
    String jvmArgs = System.getProperty("breakwater.bench.operatorJvmArgs", "").trim();
    if (!jvmArgs.isEmpty()) {
      command.addAll(1, List.of(jvmArgs.split("\\s+")));
    }
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile());
      builder.environment().put("KUBECONFIG", kubeconfig.toString());
      builder.environment().put("BREAKWATER_LOG_FORMAT", "text");
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long startNanos() {
    return startNanos;
  }

  boolean alive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  boolean ready() {
    try {
      return get("/readyz").statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  String metrics() {
    try {
      return get("/metrics").body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The sum of every sample of {@code name} (all label sets; a name with an opening brace and some
   * labels picks the samples that start so); 0 when absent.
   */
  static double sum(String metrics, String name) {
    double sum = 0;
    for (String line : metrics.lines().toList()) {
      boolean match = name.contains("{") ? line.startsWith(name)
          : line.startsWith(name + "{") || line.startsWith(name + " ");
      if (match) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /** Resident set size in bytes (VmRSS). */
  long rssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return -1;
  }

  /** User + system CPU time of the process so far. */
  Duration cpu() {
    return process.info().totalCpuDuration().orElse(Duration.ZERO);
  }

  /** Heap in use right after a full collection: the live heap. */
  long liveHeapBytes() {
    jcmd("GC.run");
    return (long) sum(metrics(), "jvm_memory_used_bytes{area=\"heap\"");
  }

  /** The heap the JVM may grow to (its -Xmx as the ergonomics chose it). */
  long maxHeapBytes() {
    return (long) sum(metrics(), "jvm_memory_max_bytes{area=\"heap\"");
  }

  String jcmd(String command) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), command)
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor(60, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private HttpResponse<String> get(String path) throws IOException {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
