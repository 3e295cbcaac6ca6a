package dev.breakwater.e2e.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator as a separate process (the runnable jar, or an image's entrypoint in a chroot),
 * reached over its HTTP port like a kubelet probe or a Prometheus scrape would.
 */
final class OperatorProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorProcess.class);
  private static final Pattern SERIES = Pattern.compile("^(breakwater_[a-z0-9_]+)[{ ]",
      Pattern.MULTILINE);

  private final Process process;
  private final int httpPort;
  private final Path log;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();

  private OperatorProcess(Process process, int httpPort, Path log) {
    this.process = process;
    this.httpPort = httpPort;
    this.log = log;
  }

  /** Starts {@code command}; stdout and stderr go to {@code log}. */
  static OperatorProcess start(List<String> command, Map<String, String> env, int httpPort,
      Path log) {
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile());
      builder.environment().putAll(env);
      LOG.info("starting {}", command);
      return new OperatorProcess(builder.start(), httpPort, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** HTTP status of GET path on the operator's port, or -1 while nothing answers. */
  int status(String path) {
    if (!process.isAlive()) {
      throw new IllegalStateException("operator exited with " + process.exitValue()
          + "; log " + log + ":\n" + tail());
    }
    try {
      return get(path).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Names of the breakwater_* series on /metrics right now. */
  Set<String> seriesNames() throws IOException, InterruptedException {
    Set<String> names = new TreeSet<>();
    Matcher m = SERIES.matcher(get("/metrics").body());
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
  }

  String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /**
   * SIGTERM, as a kubelet stops a pod; returns whether the process ended within the grace
   * period (it is killed either way).
   */
  boolean stop(Duration grace) {
    // SIGTERM to the whole tree: unshare (the chroot case) does not pass it on to its child.
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        return true;
      }
      LOG.warn("operator did not stop within {} after SIGTERM; killing it", grace);
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return false;
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      stop(Duration.ofSeconds(15));
    }
  }
}
