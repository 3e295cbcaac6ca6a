package dev.breakwater.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakwater.operator.it.RealApiServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code translate --cluster} against a real kube-apiserver: a file's policy is checked against
 * the cluster's Services and the older policies on the same port.
 */
class TranslateAgainstClusterTest {

  private static RealApiServer api;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    api = RealApiServer.start();
    client = api.client();
    client.resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata()
        .build()).create();
    client.resource(new ServiceBuilder().withNewMetadata().withName("api").withNamespace("shop")
        .endMetadata().withNewSpec().addNewPort().withPort(80).endPort().endSpec().build())
        .create();
    client.resource(client.getKubernetesSerialization().unmarshal(policy("older", "api"),
        dev.breakwater.crds.v1alpha1.RateLimitPolicy.class)).create();
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void filesAreMergedWithTheLiveClustersServicesAndPolicies() {
    String file = policy("newer", "api") + "---\n" + policy("other", "missing");
    Consumer<TranslateCommand> setup = c -> {
      c.stdin = new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8));
      c.clusterClient = () -> new KubernetesClientBuilder()
          .withConfig(client.getConfiguration()).build();
    };

    var offline = TranslateForCiTest.run(c -> c.stdin = new ByteArrayInputStream(
        file.getBytes(StandardCharsets.UTF_8)), "translate", "-f", "-", "--strict");
    var live = TranslateForCiTest.run(setup, "translate", "-f", "-", "--strict", "--cluster");

    assertThat(offline.err().lines()).containsExactly(
        "RateLimitPolicy shop/newer: Accepted=False TargetNotFound: Service shop/api not found",
        "RateLimitPolicy shop/other: Accepted=False TargetNotFound: Service shop/missing not "
            + "found");
    assertThat(live.code()).isEqualTo(TranslateCommand.NOT_ACCEPTED);
    assertThat(live.err().lines()).hasSize(2)
        .anyMatch(l -> l.startsWith("RateLimitPolicy shop/newer: Accepted=False Conflicted: ")
            && l.contains("shop/older"))
        .contains("RateLimitPolicy shop/other: Accepted=False TargetNotFound: Service "
            + "shop/missing not found");
    assertThat(live.out()).contains("\"name\" : \"older\"");
  }

  private static String policy(String name, String service) {
    return """
        apiVersion: resilience.breakwater.dev/v1alpha1
        kind: RateLimitPolicy
        metadata: {name: %s, namespace: shop}
        spec:
          targetRef: {kind: Service, name: %s, port: 80}
          limits:
          - {name: all, requests: 10, period: 1s}
        """.formatted(name, service);
  }
}
