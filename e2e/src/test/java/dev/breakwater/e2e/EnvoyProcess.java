package dev.breakwater.e2e;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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

  /**
   * Starts Envoy as node {@code name} with a certificate for that identity from the operator's
   * CA in {@code namespace} (see {@link ProxyCertificates}) and waits until it is LIVE (has
   * config from xDS).
   */
  public static EnvoyProcess start(String name, int xdsPort, KubernetesClient client,
      String namespace) {
    Path tls = ProxyCertificates.issue(client, namespace, name,
        TestBed.workDir(name).resolve("xds-tls"));
    return start(name, xdsPort, tls);
  }

  /**
   * Starts Envoy as node {@code name}, its xDS certificate files in {@code tlsDir} (null: the
   * bootstrap without TLS, for the plaintext dev mode), and waits until it is LIVE.
   */
  public static EnvoyProcess start(String name, int xdsPort, Path tlsDir) {
    EnvoyProcess envoy = launch(name, xdsPort, tlsDir);
    try {
      await("Envoy " + name + " LIVE (see " + envoy.dir.resolve("envoy.log") + ")")
          .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
          .failFast("Envoy exited", () -> !envoy.process.isAlive())
          .until(envoy.admin::ready);
    } catch (RuntimeException e) {
      envoy.close();
      throw e;
    }
    return envoy;
  }

  /** Starts Envoy without waiting for it to get config (it may never, e.g. when refused). */
  public static EnvoyProcess launch(String name, int xdsPort, Path tlsDir) {
    int adminPort = FreePorts.next();
    Path dir = TestBed.workDir(name);
    try {
      Path bootstrap = dir.resolve("envoy-bootstrap.yaml");
      Files.writeString(bootstrap, renderBootstrap(name, xdsPort, adminPort, tlsDir));
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
      return new EnvoyProcess(process, new EnvoyAdmin(adminPort), dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String renderBootstrap(String nodeId, int xdsPort, int adminPort, Path tlsDir)
      throws IOException {
    String template =
        Files.readString(TestBed.repoRoot().resolve("helm-chart/files/envoy-bootstrap.yaml"));
    if (tlsDir == null) {
      template = template.replaceAll("(?s)\\s*# >>> xds-tls.*?# <<< xds-tls", "");
    } else {
      template = template
          .replace("__XDS_SDS_DIR__", tlsDir.toAbsolutePath().toString())
          .replace("__XDS_TLS_DIR__", tlsDir.toAbsolutePath().toString());
    }
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
    ChildProcess.stop(process, Duration.ofSeconds(10));
  }
}
