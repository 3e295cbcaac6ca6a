package dev.breakwater.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * kube-apiserver + etcd from the binaries e2e/tools/provision lays out for kube-api-test (offline),
 * with the generated CRDs installed. Tests using it fail where the binaries are missing (e2e/tools/provision builds them).
 */
public final class RealApiServer implements AutoCloseable {

  static final String VERSION = "1.33.13";
  private static final List<String> CRDS = dev.breakwater.xds.policies.PolicyKinds.all()
      .stream().map(dev.breakwater.xds.policy.PolicyKind::plural).toList();

  private final KubeAPIServer server;
  private final KubernetesClient client;

  private RealApiServer(KubeAPIServer server, KubernetesClient client) {
    this.server = server;
    this.client = client;
  }

  public static RealApiServer start() {
    Path dir = Path.of(System.getProperty("user.home"), ".kubeapitest");
    assertTrue(Files.isExecutable(dir.resolve("k8s/" + VERSION + "-linux-amd64/kube-apiserver")),
        "kube-apiserver " + VERSION + " not provisioned under " + dir);
    KubeAPIServer server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
        .withOfflineMode(true)
        .withApiServerVersion(VERSION)
        .withTestDir(dir.toString())
        .withUpdateKubeConfig(false)
        .withWaitForEtcdHealthCheckOnStartup(true)
        .withStartupTimeout(120_000)
        .build());
    server.start();
    KubernetesClient client = new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml())).build();
    RealApiServer api = new RealApiServer(server, client);
    api.installCrds();
    return api;
  }

  public KubernetesClient client() {
    return client;
  }

  private void installCrds() {
    for (String plural : CRDS) {
      String file = "/META-INF/fabric8/" + plural + ".resilience.breakwater.dev-v1.yml";
      try (InputStream in = RealApiServer.class.getResourceAsStream(file)) {
        if (in == null) {
          throw new IllegalStateException(file + " not on the classpath: build crds first");
        }
        CustomResourceDefinition crd =
            client.apiextensions().v1().customResourceDefinitions().load(in).item();
        client.resource(crd).forceConflicts().serverSideApply();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    await("CRDs established").atMost(Duration.ofSeconds(30)).until(() -> CRDS.stream()
        .allMatch(p -> {
          var crd = client.apiextensions().v1().customResourceDefinitions()
              .withName(p + ".resilience.breakwater.dev").get();
          return crd != null && crd.getStatus() != null && crd.getStatus().getConditions()
              .stream().anyMatch(c -> "Established".equals(c.getType())
                  && "True".equals(c.getStatus()));
        }));
    // Established comes a moment before the new resources are served everywhere
    await("CRDs served").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
      dev.breakwater.operator.kinds.OperatorKinds.all()
          .forEach(k -> client.resources(k.resourceClass()).inAnyNamespace().list());
      return true;
    });
  }

  @Override
  public void close() {
    client.close();
    server.stop();
  }
}
