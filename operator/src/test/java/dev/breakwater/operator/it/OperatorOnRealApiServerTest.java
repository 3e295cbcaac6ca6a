package dev.breakwater.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breakwater.crds.v1alpha1.HealthCheck;
import dev.breakwater.crds.v1alpha1.WorkloadProbeStatus;
import dev.breakwater.operator.BreakwaterOperator;
import dev.breakwater.operator.OperatorConfig;
import dev.breakwater.operator.probes.ProbeApplier;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator against a real kube-apiserver (no Envoy): HealthCheck probes written onto the
 * Deployments behind the Service by server-side apply, a workload's own probe kept, probes
 * removed with the HealthCheck, status.workloads, conditions and /metrics. Reconciler status
 * behaviour at large is covered by the e2e suite.
 */
class OperatorOnRealApiServerTest {

  private static final String NS = "probes";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static RealApiServer api;
  private static KubernetesClient client;
  private static BreakwaterOperator operator;

  @BeforeAll
  static void start() {
    api = RealApiServer.start();
    client = api.client();
    client.resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    operator = BreakwaterOperator.start(OperatorConfig.forTests()
        .withNamespaces(Set.of(NS)).withCoalesceWindow(Duration.ofMillis(50)), client);
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (api != null) {
      api.close();
    }
  }

  private static Deployment deployment(String name, boolean ownReadiness) {
    var container = new io.fabric8.kubernetes.api.model.ContainerBuilder().withName("app")
        .withImage("example/app:1").addNewPort().withName("http").withContainerPort(8080)
        .endPort();
    if (ownReadiness) {
      container.withReadinessProbe(new ProbeBuilder().withNewTcpSocket()
          .withPort(new IntOrString(8080)).endTcpSocket().withPeriodSeconds(7).build());
    }
    return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(NS)
        .endMetadata().withNewSpec().withNewSelector().withMatchLabels(Map.of("app", name))
        .endSelector().withNewTemplate().withNewMetadata()
        .withLabels(Map.of("app", name, "tier", "web")).endMetadata().withNewSpec()
        .addNewContainer().withName("sidecar").withImage("example/proxy:1").endContainer()
        .addToContainers(container.build())
        .endSpec().endTemplate().endSpec().build();
  }

  private static void service(String name) {
    client.resource(new ServiceBuilder().withNewMetadata().withName(name).withNamespace(NS)
        .endMetadata().withNewSpec().withSelector(Map.of("app", name)).addNewPort()
        .withName("http").withPort(80).withTargetPort(new IntOrString("http")).endPort()
        .endSpec().build()).create();
  }

  private static void healthCheck(String name, String service) {
    HealthCheck hc = client.getKubernetesSerialization().unmarshal("""
        apiVersion: resilience.breakwater.dev/v1alpha1
        kind: HealthCheck
        metadata: {name: %s, namespace: %s}
        spec:
          targetRef: {kind: Service, name: %s, port: 80}
          http: {path: /health}
          interval: 5s
          timeout: 2s
          healthyThreshold: 2
          unhealthyThreshold: 3
          probes: {readiness: true, liveness: true}
        """.formatted(name, NS, service), HealthCheck.class);
    client.resource(hc).create();
  }

  private static Container app(String deployment) {
    return client.apps().deployments().inNamespace(NS).withName(deployment).get().getSpec()
        .getTemplate().getSpec().getContainers().stream()
        .filter(c -> c.getName().equals("app")).findFirst().orElseThrow();
  }

  @Test
  void healthCheckProbesAreAppliedKeptAndRemoved() throws Exception {
    service("web");
    client.resource(deployment("web", false)).create();
    service("own");
    client.resource(deployment("own", true)).create();
    healthCheck("web", "web");
    healthCheck("own", "own");

    await("probes on web").atMost(WAIT).until(() -> app("web").getLivenessProbe() != null
        && app("web").getReadinessProbe() != null);
    var readiness = app("web").getReadinessProbe();
    assertThat(readiness.getHttpGet().getPath()).isEqualTo("/health");
    assertThat(readiness.getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(readiness.getPeriodSeconds()).isEqualTo(5);
    assertThat(readiness.getTimeoutSeconds()).isEqualTo(2);
    assertThat(readiness.getSuccessThreshold()).isEqualTo(2);
    assertThat(readiness.getFailureThreshold()).isEqualTo(3);
    assertThat(app("web").getLivenessProbe().getSuccessThreshold()).isEqualTo(1);
    assertThat(client.apps().deployments().inNamespace(NS).withName("web").get().getSpec()
        .getTemplate().getSpec().getContainers().get(0).getReadinessProbe())
        .as("the sidecar does not serve the port").isNull();
    assertThat(client.apps().deployments().inNamespace(NS).withName("web").get().getMetadata()
        .getManagedFields()).anyMatch(m -> m.getManager().equals(ProbeApplier.FIELD_MANAGER));

    await("liveness on own").atMost(WAIT).until(() -> app("own").getLivenessProbe() != null);
    assertThat(app("own").getReadinessProbe().getTcpSocket()).as("the workload's own probe")
        .isNotNull();
    assertThat(app("own").getReadinessProbe().getPeriodSeconds()).isEqualTo(7);

    await("status.workloads").atMost(WAIT).until(() -> workloads("web").equals(List.of(
        new WorkloadProbeStatus("Deployment", "web", List.of("readiness", "liveness")))));
    assertThat(workloads("own")).containsExactly(
        new WorkloadProbeStatus("Deployment", "own", List.of("liveness")));
    var status = client.resources(HealthCheck.class).inNamespace(NS).withName("web").get()
        .getStatus();
    assertThat(status.condition("Accepted").orElseThrow().getStatus()).isEqualTo("True");
    assertThat(status.condition("Programmed").orElseThrow().getReason()).isEqualTo("NoProxies");
    assertThat(status.getProxies().getSummary()).isEqualTo("0/0");
    assertThat(status.getState()).isEqualTo("Unknown");
    assertThat(status.getObservedGeneration()).isEqualTo(1);

    String metrics = get("/metrics");
    assertThat(metrics).contains("breakwater_policy_accepted{kind=\"HealthCheck\",name=\"web\","
        + "policy_namespace=\"probes\"} 1.0");
    assertThat(metrics).contains("breakwater_xds_snapshot_publish_seconds_count");
    assertThat(get("/readyz")).isEqualTo("ok\n");

    client.resources(HealthCheck.class).inNamespace(NS).withName("web").delete();
    client.resources(HealthCheck.class).inNamespace(NS).withName("own").delete();

    await("probes removed").atMost(WAIT).until(() -> app("web").getReadinessProbe() == null
        && app("web").getLivenessProbe() == null && app("own").getLivenessProbe() == null);
    assertThat(app("own").getReadinessProbe().getPeriodSeconds())
        .as("the workload's own probe survives").isEqualTo(7);
    assertThat(app("web").getImage()).isEqualTo("example/app:1");
  }

  private static List<WorkloadProbeStatus> workloads(String name) {
    HealthCheck hc = client.resources(HealthCheck.class).inNamespace(NS).withName(name).get();
    return hc == null || hc.getStatus() == null ? List.of() : hc.getStatus().getWorkloads();
  }

  private static String get(String path) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + operator.httpPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    return r.body();
  }
}
