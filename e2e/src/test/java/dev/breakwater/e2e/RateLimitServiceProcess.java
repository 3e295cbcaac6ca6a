package dev.breakwater.e2e;

import static org.awaitility.Awaitility.await;

import dev.breakwater.operator.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One replica of Breakwater's rate limit service ({@code breakwater ratelimit}, the operator's
 * own entry point) in a JVM of its own on loopback ports, so that a test can kill it (SIGKILL: no
 * goodbye to Envoy, as a crashed pod). Logs go to {@code e2e/target/e2e/<name>/}.
 */
public final class RateLimitServiceProcess implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final int grpcPort;
  private final int httpPort;
  private final Process process;

  private RateLimitServiceProcess(String name, int grpcPort, int httpPort, Process process) {
    this.name = name;
    this.grpcPort = grpcPort;
    this.httpPort = httpPort;
    this.process = process;
  }

  /**
   * Starts the process; {@link #awaitReady} waits for it (start several, then wait).
   *
   * @param storeTimeout the longest a decision waits for Redis ({@code --store-timeout-ms})
   */
  public static RateLimitServiceProcess start(String name, int grpcPort, String redisAddress,
      Duration storeTimeout) {
    int httpPort = FreePorts.next();
    Path dir = TestBed.workDir(name);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = List.of(java.toString(), "-Xmx128m", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "ratelimit",
        "--bind-address", "127.0.0.1", "--grpc-port", Integer.toString(grpcPort),
        "--http-port", Integer.toString(httpPort), "--redis", redisAddress,
        "--store-timeout-ms", Long.toString(storeTimeout.toMillis()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("ratelimit.log").toFile());
    builder.environment().put("BREAKWATER_LOG_LEVEL", "WARN");
    try {
      return new RateLimitServiceProcess(name, grpcPort, httpPort, builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public RateLimitServiceProcess awaitReady() {
    await(name + " ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .failFast(name + " exited", () -> !process.isAlive())
        .until(() -> status("/readyz") == 200);
    return this;
  }

  public int grpcPort() {
    return grpcPort;
  }

  /** Its Prometheus text ({@code /metrics}). */
  public String metrics() {
    return get("/metrics");
  }

  /** The sum of every sample of {@code series} whose labels contain all of {@code labels}. */
  public double metric(String series, String... labels) {
    double sum = 0;
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + "(\\{[^}]*\\})? (\\S+)$")
        .matcher(metrics());
    while (m.find()) {
      String found = m.group(1) == null ? "" : m.group(1);
      boolean all = true;
      for (String label : labels) {
        all &= found.contains(label);
      }
      if (all) {
        sum += Double.parseDouble(m.group(2));
      }
    }
    return sum;
  }

  /** SIGKILL, as a crashed pod: connections are reset, nothing is drained. */
  public void kill() {
    process.destroyForcibly();
    waitForExit();
  }

  public boolean alive() {
    return process.isAlive();
  }

  private int status(String path) {
    try {
      return HTTP.send(request(path), BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private String get(String path) {
    try {
      return HTTP.send(request(path), BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new UncheckedIOException(name + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
        .timeout(Duration.ofSeconds(5)).build();
  }

  private void waitForExit() {
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    ChildProcess.stop(process, Duration.ofSeconds(10));
  }
}
