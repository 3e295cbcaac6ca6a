package dev.breakwater.e2e.scale;

import dev.breakwater.e2e.ChildProcess;
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
import java.util.List;

/**
 * istiod (pilot-discovery) outside a cluster, against a test API server's kubeconfig: config from
 * Istio's CRDs and Kubernetes Services / EndpointSlices, plaintext xDS on {@link #xdsPort} (what
 * the chart serves on 15010), readiness on {@code /ready} of the HTTP port (8080 in the chart).
 * Everything a pod would get from the cluster is turned off or given here:
 * <ul>
 *   <li>no CA and no serving certificate ({@code ENABLE_CA_SERVER=false},
 *       {@code PILOT_CERT_PROVIDER=none}), so no TLS xDS port ({@code --secureGRPCAddr=}) and
 *       no webhook server ({@code --httpsAddr=});
 *   <li>mesh config from a file ({@code --meshConfig}; the ConfigMap {@code istio} is absent),
 *       with {@code enableAutoMtls: false}: otherwise each cluster gets a transport socket match
 *       whose certificate comes over SDS from the sidecar agent ({@code sds-grpc}), which a plain
 *       Envoy does not have, and the clusters stay warming;
 *   <li>{@code POD_NAMESPACE=istio-system} (the namespace must exist), Gateway API controllers
 *       off (no Gateway API CRDs on the test API server);
 *   <li>{@code PILOT_ENABLE_METADATA_EXCHANGE=false}: otherwise every cluster carries the
 *       upstream filter {@code istio.metadata_exchange}, which only Istio's proxy build has, and a
 *       plain Envoy rejects the whole CDS update.
 * </ul>
 * Every port on 127.0.0.1, chosen free. Log: {@code e2e/target/e2e/<name>/istiod.log}.
 */
final class IstiodProcess implements AutoCloseable {
  static final String NAMESPACE = "istio-system";

  final int xdsPort = FreePorts.next();
  final int httpPort = FreePorts.next();
  final int monitoringPort = FreePorts.next();
  private final Process process;
  private final Path log;
  private final long startNanos;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();

  IstiodProcess(String name, Path binary, Path kubeconfig) {
    Path dir = TestBed.workDir(name);
    log = dir.resolve("istiod.log");
    try {
      Path mesh = Files.writeString(dir.resolve("mesh.yaml"), """
          rootNamespace: istio-system
          trustDomain: cluster.local
          enableAutoMtls: false
          defaultConfig:
            discoveryAddress: 127.0.0.1:%d
          """.formatted(xdsPort));
      Path networks = Files.writeString(dir.resolve("meshNetworks.yaml"), "networks: {}\n");
      ProcessBuilder builder = new ProcessBuilder(List.of(binary.toString(), "discovery",
          "--kubeconfig", kubeconfig.toString(),
          "--meshConfig", mesh.toString(),
          "--networksConfig", networks.toString(),
          "--grpcAddr", "127.0.0.1:" + xdsPort,
          "--httpAddr", "127.0.0.1:" + httpPort,
          "--monitoringAddr", "127.0.0.1:" + monitoringPort,
          "--secureGRPCAddr=",
          "--httpsAddr=",
          "--domain", "cluster.local",
          "--shutdownDuration", "1s"))
          .directory(dir.toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile());
      var env = builder.environment();
      env.put("POD_NAMESPACE", NAMESPACE);
      env.put("POD_NAME", "istiod-bench");
      env.put("REVISION", "default");
      env.put("ENABLE_CA_SERVER", "false");
      env.put("PILOT_CERT_PROVIDER", "none");
      env.put("PILOT_ENABLE_GATEWAY_API", "false");
      env.put("PILOT_ENABLE_GATEWAY_API_STATUS", "false");
      env.put("PILOT_ENABLE_GATEWAY_API_DEPLOYMENT_CONTROLLER", "false");
      env.put("PILOT_ENABLE_ANALYSIS", "false");
      // the upstream filter istio.metadata_exchange exists only in Istio's proxy build
      env.put("PILOT_ENABLE_METADATA_EXCHANGE", "false");
      env.put("KUBECONFIG", kubeconfig.toString());
      startNanos = System.nanoTime();
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long startNanos() {
    return startNanos;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  Path log() {
    return log;
  }

  /** istiod's readiness probe: 200 once its caches synced and it serves xDS. */
  boolean ready() {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
              + "/ready")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    ChildProcess.stop(process, Duration.ofSeconds(15));
  }
}
