package dev.breakwater.e2e;

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
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * The operator as a process of its own (the runnable jar), so a test can kill it with SIGKILL
 * and start it again on the same ports: what a crashing pod does. Each start logs to
 * {@code target/e2e/<name>/operator-<n>.log}.
 */
final class OperatorJar implements AutoCloseable {
  private final String name;
  private final List<String> args;
  private final Map<String, String> env;
  private final int httpPort;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();
  private Process process;
  private int starts;

  /**
   * @param args the {@code run} flags (ports included)
   * @param env besides the JVM's: KUBECONFIG, POD_NAME ...
   */
  OperatorJar(String name, int httpPort, List<String> args, Map<String, String> env) {
    this.name = name;
    this.httpPort = httpPort;
    this.args = List.copyOf(args);
    this.env = Map.copyOf(env);
  }

  OperatorJar start() {
    Path jar = TestBed.repoRoot().resolve("operator/target/breakwater-operator.jar");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", "-Xmx384m", "-jar", jar.toString(), "run"));
    command.addAll(args);
    Path log = TestBed.workDir(name).resolve("operator-" + (++starts) + ".log");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile());
      builder.environment().putAll(env);
      builder.environment().put("BREAKWATER_LOG_FORMAT", "text");
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** SIGKILL, as the kernel's OOM killer or a node failure would: nothing is cleaned up. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  /** HTTP status of GET path on the operator's port, -1 while nothing answers. */
  int status(String path) {
    try {
      return get(path).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /**
   * The value of a series on /metrics: {@code name} with every one of {@code labels} (others may
   * be present); empty while the operator does not answer or has no such series.
   */
  OptionalDouble metric(String name, Map<String, String> labels) {
    String body;
    try {
      body = get("/metrics").body();
    } catch (IOException e) {
      return OptionalDouble.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalDouble.empty();
    }
    for (String line : body.lines().toList()) {
      if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
        continue;
      }
      if (labels.entrySet().stream()
          .allMatch(l -> line.contains(l.getKey() + "=\"" + l.getValue() + "\""))) {
        return OptionalDouble.of(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
      }
    }
    return OptionalDouble.empty();
  }

  /**
   * Policies the operator counts as accepted and run by every connected proxy (the sum of
   * {@code breakwater_policies{accepted="true",programmed="true"}} over kinds); -1 while it does
   * not answer.
   */
  int policiesProgrammed() {
    String body;
    try {
      body = get("/metrics").body();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
    return (int) body.lines()
        .filter(l -> l.startsWith("breakwater_policies{") && l.contains("accepted=\"true\"")
            && l.contains("programmed=\"true\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The current run's log, for a failure message. */
  String log() {
    try {
      return Files.readString(TestBed.workDir(name).resolve("operator-" + starts + ".log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      ChildProcess.stop(process, Duration.ofSeconds(15));
    }
  }
}
