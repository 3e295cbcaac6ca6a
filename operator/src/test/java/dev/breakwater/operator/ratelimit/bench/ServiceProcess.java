package dev.breakwater.operator.ratelimit.bench;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A rate limit service under test, as a process of its own, stopped by its handle. */
final class ServiceProcess implements AutoCloseable {

  final String name;
  final int grpcPort;
  private final Process process;

  private ServiceProcess(String name, int grpcPort, Process process) {
    this.name = name;
    this.grpcPort = grpcPort;
    this.process = process;
  }

  /** Starts {@code command}, then waits until {@code readyUrl} answers 200. */
  static ServiceProcess start(String name, List<String> command, Map<String, String> env,
      Path log, int grpcPort, String readyUrl) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ServiceProcess service = new ServiceProcess(name, grpcPort, process);
    HttpClient http = HttpClient.newHttpClient();
    try {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
          .until(() -> {
            if (!process.isAlive()) {
              throw new IllegalStateException(name + " exited: see " + log);
            }
            return http.send(HttpRequest.newBuilder(URI.create(readyUrl)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
          });
    } catch (RuntimeException e) {
      service.close();
      throw e;
    }
    return service;
  }

  /** CPU time the process has used so far (user + system). */
  Duration cpu() {
    return process.toHandle().info().totalCpuDuration().orElseThrow(
        () -> new IllegalStateException("no CPU time for " + name));
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
