package dev.breakwater.e2e;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A kube-apiserver of a test's own, on its own etcd, that the test can stop and start again on
 * the same port with the same data: what "the API server goes away" means to an operator. The
 * suite's shared API server (kube-api-test) cannot stop its apiserver alone. Binaries come from
 * the test bed; state lives in {@code target/e2e/<name>/}; a token in the system:masters group
 * authenticates (kubeconfig: {@link #kubeconfig()}).
 */
public final class StoppableApiServer implements AutoCloseable {
  private static final String TOKEN = "breakwater-e2e-" + UUID.randomUUID();

  private final Path dir;
  private final int port = FreePorts.next();
  private final int etcdPort = FreePorts.next();
  private final Process etcd;
  private Process apiServer;
  private final KubernetesClient client;

  private StoppableApiServer(Path dir) throws IOException {
    this.dir = dir;
    deleteTree(dir.resolve("etcd")); // a fresh cluster each run
    Files.createDirectories(dir.resolve("certs"));
    writeServiceAccountKeys();
    Files.writeString(dir.resolve("certs/tokens.csv"), TOKEN + ",admin,admin,system:masters\n");
    etcd = new ProcessBuilder(List.of(TestBed.get().etcd().toString(),
        "--data-dir", dir.resolve("etcd").toString(),
        "--listen-client-urls", "http://127.0.0.1:" + etcdPort,
        "--advertise-client-urls", "http://127.0.0.1:" + etcdPort,
        "--listen-peer-urls", "http://127.0.0.1:" + FreePorts.next()))
        .redirectErrorStream(true).redirectOutput(dir.resolve("etcd.log").toFile()).start();
    client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
        .withMasterUrl("https://127.0.0.1:" + port).withOauthToken(TOKEN)
        .withTrustCerts(true).withDisableHostnameVerification(true).build()).build();
  }

  /** Starts etcd and the API server and installs the CRDs. */
  public static StoppableApiServer start(String name) {
    try {
      StoppableApiServer server = new StoppableApiServer(TestBed.workDir(name + "-apiserver"));
      try {
        server.startApiServer();
        Crds.install(server.client);
      } catch (RuntimeException e) {
        server.close();
        throw e;
      }
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the API server (again) and waits until it answers /readyz. */
  void startApiServer() {
    if (apiServer != null && apiServer.isAlive()) {
      return;
    }
    try {
      apiServer = new ProcessBuilder(List.of(TestBed.get().kubeApiServer().toString(),
          "--etcd-servers", "http://127.0.0.1:" + etcdPort,
          "--bind-address", "127.0.0.1", "--secure-port", String.valueOf(port),
          "--advertise-address", UpstreamAddress.text(),
          "--cert-dir", dir.resolve("certs").toString(),
          "--token-auth-file", dir.resolve("certs/tokens.csv").toString(),
          "--authorization-mode", "RBAC",
          "--service-account-key-file", dir.resolve("certs/sa.pub").toString(),
          "--service-account-signing-key-file", dir.resolve("certs/sa.key").toString(),
          "--service-account-issuer", "https://kubernetes.default.svc",
          "--service-cluster-ip-range", "10.96.0.0/16",
          "--disable-admission-plugins", "ServiceAccount"))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("apiserver.log").toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    await("kube-apiserver on port " + port + " ready (see " + dir + "/apiserver.log)")
        .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
        .failFast("kube-apiserver exited", () -> !apiServer.isAlive())
        .until(this::ready);
  }

  /** Stops the API server (etcd and its data stay); clients get connection refused. */
  void stopApiServer() {
    if (apiServer == null) {
      return;
    }
    apiServer.destroy();
    try {
      if (!apiServer.waitFor(20, TimeUnit.SECONDS)) {
        apiServer.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public KubernetesClient client() {
    return client;
  }

  /** A kubeconfig file for processes (an operator jar). */
  public Path kubeconfig() {
    String yaml = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: e2e
          cluster: {server: "https://127.0.0.1:%d", insecure-skip-tls-verify: true}
        users:
        - name: admin
          user: {token: %s}
        contexts:
        - name: e2e
          context: {cluster: e2e, user: admin, namespace: default}
        current-context: e2e
        """.formatted(port, TOKEN);
    try {
      return Files.writeString(dir.resolve("kubeconfig"), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean ready() {
    try {
      HttpResponse<Void> r = insecureHttp().send(HttpRequest.newBuilder(
              URI.create("https://127.0.0.1:" + port + "/readyz"))
          .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The API server's serving certificate is self-signed (its --cert-dir): not verified here. */
  private static HttpClient insecureHttp() {
    try {
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, new TrustManager[] {new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }}, null);
      return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(2))
          .build();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private void writeServiceAccountKeys() throws IOException {
    if (Files.exists(dir.resolve("certs/sa.key"))) {
      return;
    }
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair pair = generator.generateKeyPair();
      Files.writeString(dir.resolve("certs/sa.key"), pem("PRIVATE KEY",
          pair.getPrivate().getEncoded()));
      Files.writeString(dir.resolve("certs/sa.pub"), pem("PUBLIC KEY",
          pair.getPublic().getEncoded()));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  @Override
  public void close() {
    client.close();
    stopApiServer();
    etcd.destroy();
    try {
      if (!etcd.waitFor(10, TimeUnit.SECONDS)) {
        etcd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
