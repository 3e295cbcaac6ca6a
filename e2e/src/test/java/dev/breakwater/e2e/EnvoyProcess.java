package dev.breakwater.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Envoy (from provision) bootstrapped with the repository's single bootstrap file
 * ({@code helm-chart/files/envoy-bootstrap.yaml}) to an operator's xDS port. It runs with
 * {@code --concurrency 1}: one worker thread, so per-worker effects in the tests are exactly one.
 * Logs and the rendered bootstrap go to {@code e2e/target/e2e/<name>/}.
 */
public final class EnvoyProcess implements AutoCloseable {
  public static final int WORKERS = 1;

  private final Process process;
  private final EnvoyAdmin admin;
  private final Path dir;

  private EnvoyProcess(Process process, EnvoyAdmin admin, Path dir) {
    this.process = process;
    this.admin = admin;
    this.dir = dir;
  }

  /** Starts Envoy as node {@code name} and waits until it is LIVE (has config from xDS). */
  public static EnvoyProcess start(String name, int xdsPort) {
    int adminPort = FreePorts.next();
    Path dir = TestBed.workDir(name);
    try {
      Path bootstrap = dir.resolve("envoy-bootstrap.yaml");
      Files.writeString(bootstrap, renderBootstrap(name, xdsPort, adminPort));
      Path log = dir.resolve("envoy.log");
      Process process = new ProcessBuilder(List.of(TestBed.get().envoy().toString(),
          "-c", bootstrap.toString(),
          "--concurrency", String.valueOf(WORKERS),
          "--disable-hot-restart",
          "--drain-time-s", "1",
          "--log-level", "info",
          "--log-path", log.toString()))
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("envoy.out").toFile())
          .start();
      EnvoyProcess envoy = new EnvoyProcess(process, new EnvoyAdmin(adminPort), dir);
      try {
        await("Envoy " + name + " LIVE (see " + log + ")").atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(100))
            .failFast("Envoy exited", () -> !process.isAlive())
            .until(envoy.admin::ready);
      } catch (RuntimeException e) {
        envoy.close();
        throw e;
      }
      return envoy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String renderBootstrap(String nodeId, int xdsPort, int adminPort) throws IOException {
    String template =
        Files.readString(TestBed.repoRoot().resolve("helm-chart/files/envoy-bootstrap.yaml"));
    return template
        .replace("__NODE_ID__", nodeId)
        .replace("__NODE_CLUSTER__", "breakwater-e2e")
        .replace("__XDS_HOST__", "127.0.0.1")
        .replace("__XDS_PORT__", String.valueOf(xdsPort))
        .replace("__ADMIN_ADDRESS__", "127.0.0.1")
        .replace("__ADMIN_PORT__", String.valueOf(adminPort));
  }

  public EnvoyAdmin admin() {
    return admin;
  }

  public Path logDir() {
    return dir;
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** Its process id: the same before and after an operator restart means Envoy never restarted. */
  public long pid() {
    return process.pid();
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
    }
  }
}
