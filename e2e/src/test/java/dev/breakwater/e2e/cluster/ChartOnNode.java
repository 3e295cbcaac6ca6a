package dev.breakwater.e2e.cluster;

import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Release;
import dev.breakwater.e2e.KubeApiServer;
import dev.breakwater.e2e.KubeApiServerExtension;
import dev.breakwater.e2e.NodeCluster;
import dev.breakwater.e2e.TestBed;
import dev.breakwater.e2e.helm.Chart;
import dev.breakwater.e2e.helm.Kubectl;
import dev.breakwater.e2e.helm.OperatorImage;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chart installed on the test bed's node as a user installs it, once for the whole cluster
 * tier: the operator image (Jib, {@link OperatorImage}) imported into the node's containerd,
 * then {@code helm install} (helm-java) of {@code helm-chart/} with only the image values
 * overridden, waiting until its Deployments are ready. The operator then runs in a pod with
 * exactly the chart's ServiceAccount and RBAC; the gateway is the chart's Envoy Deployment.
 */
public final class ChartOnNode {
  private static final Logger LOG = LoggerFactory.getLogger(ChartOnNode.class);
  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(ChartOnNode.class);
  public static final String RELEASE = "breakwater";
  public static final String NAMESPACE = "breakwater-system";
  /** The release name contains "breakwater", so the chart's full name is the release name. */
  public static final String FULLNAME = RELEASE;
  public static final String GATEWAY = FULLNAME + "-gateway";

  private final KubernetesClient client;
  private final NodeCluster node;
  private final Path valuesFile;
  private final Release release;

  private ChartOnNode(KubernetesClient client, NodeCluster node, Path valuesFile,
      Release release) {
    this.client = client;
    this.node = node;
    this.valuesFile = valuesFile;
    this.release = release;
  }

  /** The tier's install, made on first use (the node goes down with the suite). */
  public static ChartOnNode shared(ExtensionContext context) {
    KubeApiServer cluster = KubeApiServerExtension.shared(context);
    return context.getRoot().getStore(STORE).getOrComputeIfAbsent(ChartOnNode.class,
        k -> install(cluster), ChartOnNode.class);
  }

  private static ChartOnNode install(KubeApiServer cluster) {
    NodeCluster node = cluster.node();
    Instant begin = Instant.now();
    node.importImage(OperatorImage.tar());
    Instant imported = Instant.now();
    Path values = imageValues(node);
    Release release = Chart.helm().install().withName(RELEASE).withNamespace(NAMESPACE)
        .createNamespace().withValuesFile(values).withKubeConfig(node.kubeconfig())
        .waitReady().withTimeout(300).call();
    LOG.info("operator image built/imported in {} ms; chart installed and ready in {} ms",
        Duration.between(begin, imported).toMillis(),
        Duration.between(imported, Instant.now()).toMillis());
    ChartOnNode chart = new ChartOnNode(cluster.client(), node, values, release);
    chart.awaitGatewayProgrammable();
    LOG.info("node with the chart running:\n{}", node.status());
    return chart;
  }

  /** The only values a user of this test bed changes: where the images are. */
  private static Path imageValues(NodeCluster node) {
    String envoy = node.value("ENVOY_IMAGE");
    String curl = node.value("CURL_IMAGE");
    String yaml = """
        image: {repository: %s, tag: %s}
        gateway:
          image: {repository: %s, tag: %s}
        tests:
          image: {repository: %s, tag: %s}
        """.formatted(OperatorImage.REPOSITORY, OperatorImage.TAG,
        repository(envoy), tag(envoy), repository(curl), tag(curl));
    try {
      return Files.writeString(TestBed.workDir("cluster").resolve("image-values.yaml"), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String repository(String image) {
    return image.substring(0, image.lastIndexOf(':'));
  }

  private static String tag(String image) {
    return image.substring(image.lastIndexOf(':') + 1);
  }

  /** The gateway is Ready once the operator programmed its listener (its readiness probe). */
  private void awaitGatewayProgrammable() {
    await("gateway Deployment available").atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500)).until(() -> {
          Deployment d = client.apps().deployments().inNamespace(NAMESPACE).withName(GATEWAY)
              .get();
          return d != null && d.getStatus() != null && d.getStatus().getReadyReplicas() != null
              && d.getStatus().getReadyReplicas() >= 1;
        });
  }

  public KubernetesClient client() {
    return client;
  }

  public NodeCluster node() {
    return node;
  }

  public Release release() {
    return release;
  }

  /** The values file passed to install: image values only. */
  public Path valuesFile() {
    return valuesFile;
  }

  public Kubectl kubectl() {
    return new Kubectl(node.kubeconfig());
  }

  /** The gateway Service's cluster address: kube-proxy forwards it to the Envoy pod. */
  public InetAddress gatewayAddress() {
    Service service = client.services().inNamespace(NAMESPACE).withName(GATEWAY).get();
    try {
      return InetAddress.getByName(service.getSpec().getClusterIP());
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  public int gatewayPort() {
    return client.services().inNamespace(NAMESPACE).withName(GATEWAY).get().getSpec().getPorts()
        .get(0).getPort();
  }
}
