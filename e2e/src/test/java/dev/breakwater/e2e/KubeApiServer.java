package dev.breakwater.e2e;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The suite's Kubernetes API, from one of three cluster providers, the rest of the suite unchanged:
 * by default a real kube-apiserver + etcd (the provisioned binaries) started through fabric8
 * kube-api-test; with {@code -Dbreakwater.cluster=node} the test bed's single-node Kubernetes
 * ({@link NodeCluster}: a kubelet runs pods), started and stopped with the suite; with
 * {@code -Dbreakwater.cluster=kind -Dbreakwater.kubeconfig=FILE} an existing cluster
 * (e2e/kind/run.sh), used and never stopped. The Breakwater CRDs are applied, except with
 * {@code -Dbreakwater.crds=chart}, where the tests install them as users do: with the chart.
 * Offline mode is set in the builder because kube-api-test's {@code KUBE_API_TEST_OFFLINE_MODE}
 * variable is cast from String to Boolean and throws.
 */
public final class KubeApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KubeApiServer.class);

  private final KubeAPIServer server;
  private final NodeCluster node;
  private final KubernetesClient client;

  private KubeApiServer(KubeAPIServer server, NodeCluster node, KubernetesClient client) {
    this.server = server;
    this.node = node;
    this.client = client;
  }

  public static KubeApiServer start() {
    String provider = System.getProperty("breakwater.cluster", "apiserver");
    if ("kind".equals(provider)) {
      return external(System.getProperty("breakwater.kubeconfig"));
    }
    if ("node".equals(provider)) {
      return startNode();
    }
    TestBed bed = TestBed.get();
    Instant begin = Instant.now();
    KubeAPIServer server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
        .withOfflineMode(true)
        .withApiServerVersion(bed.kubernetesVersion())
        .withTestDir(bed.kubeApiTestDir().toString())
        .withUpdateKubeConfig(false)
        .withWaitForEtcdHealthCheckOnStartup(true)
        .withStartupTimeout(120_000)
        // The suite's network namespace has no default route, from which kube-apiserver would
        // otherwise pick the address it advertises for the kubernetes Service.
        .withApiServerFlag("--advertise-address", UpstreamAddress.text())
        .build());
    server.start();
    KubernetesClient client = new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
        .build();
    KubeApiServer started = new KubeApiServer(server, null, client);
    try {
      Crds.install(client);
    } catch (RuntimeException e) {
      started.close();
      throw e;
    }
    LOG.info("kube-apiserver {} ready with CRDs in {} ms at {}", bed.kubernetesVersion(),
        Duration.between(begin, Instant.now()).toMillis(), client.getMasterUrl());
    return started;
  }

  private static KubeApiServer external(String kubeconfig) {
    if (kubeconfig == null || kubeconfig.isBlank()) {
      throw new IllegalStateException("-Dbreakwater.cluster=kind needs -Dbreakwater.kubeconfig=<file>");
    }
    try {
      KubernetesClient client = new KubernetesClientBuilder()
          .withConfig(Config.fromKubeconfig(java.nio.file.Files.readString(java.nio.file.Path.of(kubeconfig))))
          .build();
      Crds.install(client);
      LOG.info("using the cluster of {} at {}", kubeconfig, client.getMasterUrl());
      return new KubeApiServer(null, null, client);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static KubeApiServer startNode() {
    NodeCluster node = NodeCluster.up();
    try {
      KubernetesClient client = new KubernetesClientBuilder()
          .withConfig(Config.fromKubeconfig(java.nio.file.Files.readString(node.kubeconfig())))
          .build();
      if (!"chart".equals(System.getProperty("breakwater.crds"))) {
        Crds.install(client);
      }
      return new KubeApiServer(null, node, client);
    } catch (java.io.IOException | RuntimeException e) {
      node.close();
      throw e instanceof java.io.IOException io ? new java.io.UncheckedIOException(io)
          : (RuntimeException) e;
    }
  }

  /** True for the kube-api-test provider: the suite owns the cluster (installs Helm releases, ...). */
  public boolean local() {
    return server != null;
  }

  /** The test bed's node, where pods run; fails for the other providers. */
  public NodeCluster node() {
    if (node == null) {
      throw new IllegalStateException("this test needs the node provider"
          + " (-Dbreakwater.cluster=node): pods must run; provider is " + System.getProperty("breakwater.cluster", "apiserver"));
    }
    return node;
  }

  public KubernetesClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    if (server != null) {
      server.stop();
    }
    if (node != null) {
      node.close();
    }
  }
}
