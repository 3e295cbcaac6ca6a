package dev.breakwater.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakwater.e2e.Kube;
import dev.breakwater.e2e.LoadReport;
import dev.breakwater.e2e.Manifests;
import dev.breakwater.e2e.AppliedPolicy;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * HealthCheck probes on a node where the kubelet runs them, written by the operator in its pod
 * on exactly the chart's grants: the readiness probe takes a broken pod out of its Service's
 * EndpointSlice, the policy reports it, the gateway sends everything to the healthy pod, and the
 * pod comes back when fixed; a liveness probe restarts a pod. Status lists only probes that are
 * really on the pod template: an apply the cluster refuses (here an admission policy) shows as
 * {@code ProbesApplied=False} and a Warning Event, never as a probe in {@code status.workloads}.
 */
@ExtendWith(ChartOnNodeExtension.class)
class HealthCheckProbesIT {
  private static final String OPERATOR_USER =
      "system:serviceaccount:" + ChartOnNode.NAMESPACE + ":" + ChartOnNode.FULLNAME;
  private static ChartOnNode chart;
  private static KubernetesClient client;
  private static Gateway gateway;
  private static String busybox;

  @BeforeAll
  static void install(ChartOnNode installed) {
    chart = installed;
    client = chart.client();
    gateway = new Gateway(chart);
    busybox = chart.node().value("BUSYBOX_IMAGE");
  }

  @Test
  void readinessProbeTakesABrokenPodOutAndBringsItBack() {
    String ns = Kube.createNamespace(client, "probes");
    BusyboxBackend shop = BusyboxBackend.deploy(client, ns, "shop", 2, busybox);
    Kube.apply(client, ns, Manifests.healthCheck("shop", "shop", BusyboxBackend.PORT, """
        http: {path: /health}
        interval: 2s
        timeout: 1s
        healthyThreshold: 1
        unhealthyThreshold: 2
        critical: false
        probes: {readiness: true}
        """));
    AppliedPolicy policy = new AppliedPolicy(client, ns, AppliedPolicy.HEALTH_CHECK, "shop");

    Container web = awaitProbeOnTemplate(ns, "shop", "readinessProbe");
    assertThat(web.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
    assertThat(web.getReadinessProbe().getPeriodSeconds()).isEqualTo(2);
    assertThat(web.getReadinessProbe().getFailureThreshold()).isEqualTo(2);
    assertThat(web.getLivenessProbe()).isNull();
    policy.awaitUntil("status.workloads lists the readiness probe", Duration.ofSeconds(30),
        p -> p.at("/status/workloads").toString()
            .equals("[{\"kind\":\"Deployment\",\"name\":\"shop\",\"probes\":[\"readiness\"]}]"));
    awaitRolledOut(ns, "shop", 2);
    gateway.awaitRouted(shop.host(), BusyboxBackend.APP);
    policy.awaitUntil("Healthy 2/2", Duration.ofSeconds(60), p -> endpoints(p, "Healthy", 2, 0));
    List<Pod> pods = shop.readyPods();
    Pod broken = pods.get(0);
    String healthy = pods.get(1).getMetadata().getName();

    shop.control(broken, "break-health");

    await("kubelet marks " + broken.getMetadata().getName() + " NotReady")
        .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> !BusyboxBackend.ready(pod(ns, broken)));
    await("its endpoint is not ready in the EndpointSlice").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> endpoint(ns, "shop", broken).map(e -> !Boolean.TRUE.equals(
            e.getConditions().getReady())).orElse(true));
    policy.awaitUntil("Degraded, 1 healthy of 2", Duration.ofSeconds(60),
        p -> endpoints(p, "Degraded", 1, 1));
    LoadReport degraded = gateway.paced(shop.host(), BusyboxBackend.APP, 2, 10,
        Duration.ofSeconds(3));
    assertThat(degraded.statusCounts()).as("only 200s while one pod is out")
        .containsOnlyKeys(200);
    assertThat(degraded.headerCounts(Gateway.POD_HEADER, s -> true)).containsOnlyKeys(healthy);

    shop.control(broken, "fix-health");

    await("kubelet marks it Ready again").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200)).until(() -> BusyboxBackend.ready(pod(ns, broken)));
    policy.awaitUntil("Healthy 2/2 again", Duration.ofSeconds(60),
        p -> endpoints(p, "Healthy", 2, 0));
    LoadReport recovered = gateway.paced(shop.host(), BusyboxBackend.APP, 2, 10,
        Duration.ofSeconds(3));
    assertThat(recovered.statusCounts()).containsOnlyKeys(200);
    assertThat(recovered.headerCounts(Gateway.POD_HEADER, s -> true))
        .containsOnlyKeys(healthy, broken.getMetadata().getName());
  }

  @Test
  void livenessProbeRestartsAPodWhoseHealthFails() {
    String ns = Kube.createNamespace(client, "liveness");
    BusyboxBackend cart = BusyboxBackend.deploy(client, ns, "cart", 1, busybox);
    Kube.apply(client, ns, Manifests.healthCheck("cart", "cart", BusyboxBackend.PORT, """
        http: {path: /health}
        interval: 2s
        timeout: 1s
        unhealthyThreshold: 2
        probes: {readiness: false, liveness: true}
        """));
    Container web = awaitProbeOnTemplate(ns, "cart", "livenessProbe");
    assertThat(web.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
    assertThat(web.getReadinessProbe()).isNull();
    awaitRolledOut(ns, "cart", 1);
    Pod pod = cart.readyPods().get(0);
    assertThat(restarts(pod(ns, pod))).isZero();

    cart.control(pod, "break-health");

    await("the kubelet restarts the container").atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(300)).until(() -> restarts(pod(ns, pod)) >= 1);
    await("back and Ready (the container writes /health at start)")
        .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
        .until(() -> BusyboxBackend.ready(pod(ns, pod)));
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .filteredOn(e -> pod.getMetadata().getName().equals(e.getInvolvedObject().getName()))
        .extracting(e -> e.getReason() + ": " + e.getMessage())
        .anyMatch(e -> e.startsWith("Killing: ") && e.contains("failed liveness probe"));
  }

  @Test
  void statusListsOnlyProbesOnTheTemplateAndAFailedApplyIsAConditionAndAnEvent() {
    String ns = Kube.createNamespace(client, "denied");
    BusyboxBackend.deploy(client, ns, "ledger", 1, busybox);
    client.apps().deployments().inNamespace(ns).withName("ledger").edit(d -> {
      d.getMetadata().getLabels().put("e2e.breakwater.dev/deny-probe-writes", "true");
      return d;
    });
    // What a cluster's own policy may do: refuse the operator any change to this Deployment.
    client.resourceList("""
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: e2e-deny-probe-writes}
        spec:
          failurePolicy: Fail
          matchConstraints:
            resourceRules:
            - {apiGroups: [apps], apiVersions: [v1], operations: [UPDATE], resources: [deployments]}
            objectSelector: {matchLabels: {e2e.breakwater.dev/deny-probe-writes: "true"}}
          validations:
          - expression: "request.userInfo.username != '%s'"
            message: probes of this Deployment are owned by its team
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata: {name: e2e-deny-probe-writes}
        spec:
          policyName: e2e-deny-probe-writes
          validationActions: [Deny]
        """.formatted(OPERATOR_USER)).forceConflicts().serverSideApply();
    try {
      awaitDeniedToTheOperator(ns, "ledger");
      Kube.apply(client, ns, Manifests.healthCheck("ledger", "ledger", BusyboxBackend.PORT, """
          http: {path: /health}
          interval: 2s
          probes: {readiness: true}
          """));
      AppliedPolicy policy = new AppliedPolicy(client, ns, AppliedPolicy.HEALTH_CHECK, "ledger");

      JsonNode status = policy.awaitUntil("ProbesApplied=False, reason ApplyFailed",
          Duration.ofSeconds(60), p -> "False".equals(AppliedPolicy.conditionOf(p, "ProbesApplied")
              .path("status").asText()));

      assertThat(AppliedPolicy.conditionOf(status, "ProbesApplied").path("reason").asText())
          .isEqualTo("ApplyFailed");
      assertThat(AppliedPolicy.conditionOf(status, "ProbesApplied").path("message").asText())
          .contains("ledger").contains("probes of this Deployment are owned by its team");
      assertThat(status.at("/status/workloads")).as("no probe claimed").isEmpty();
      assertThat(client.apps().deployments().inNamespace(ns).withName("ledger").get().getSpec()
          .getTemplate().getSpec().getContainers().get(0).getReadinessProbe()).isNull();
      await("a Warning Event on the HealthCheck").atMost(Duration.ofSeconds(30))
          .until(() -> client.v1().events().inNamespace(ns).list().getItems().stream()
              .anyMatch(e -> "ledger".equals(e.getInvolvedObject().getName())
                  && "HealthCheck".equals(e.getInvolvedObject().getKind())
                  && "Warning".equals(e.getType()) && "ApplyFailed".equals(e.getReason())));
    } finally {
      client.resourceList("""
          apiVersion: admissionregistration.k8s.io/v1
          kind: ValidatingAdmissionPolicyBinding
          metadata: {name: e2e-deny-probe-writes}
          ---
          apiVersion: admissionregistration.k8s.io/v1
          kind: ValidatingAdmissionPolicy
          metadata: {name: e2e-deny-probe-writes}
          """).delete();
    }
  }

  /**
   * An admission policy takes effect once the API server's informer has it: until a dry-run
   * change made as the operator's ServiceAccount is refused, the HealthCheck must not exist.
   */
  private static void awaitDeniedToTheOperator(String ns, String deployment) {
    Config asOperator = new ConfigBuilder(client.getConfiguration())
        .withImpersonateUsername(OPERATOR_USER).build();
    try (KubernetesClient operator = new KubernetesClientBuilder().withConfig(asOperator)
        .build()) {
      await("the admission policy refuses the operator").atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(300)).until(() -> {
            try {
              // server-side apply, as the operator writes (it may not read Deployments)
              operator.genericKubernetesResources("apps/v1", "Deployment").inNamespace(ns)
                  .resource(new GenericKubernetesResourceBuilder().withApiVersion("apps/v1")
                      .withKind("Deployment").withNewMetadata().withName(deployment)
                      .withNamespace(ns).addToAnnotations("e2e.breakwater.dev/check", "x")
                      .endMetadata().build())
                  .dryRun().fieldManager("e2e-admission-check").serverSideApply();
              return false;
            } catch (KubernetesClientException e) {
              return e.getMessage().contains("owned by its team");
            }
          });
    }
  }

  private static Container awaitProbeOnTemplate(String ns, String deployment, String field) {
    Container[] found = {null};
    await(field + " written onto Deployment " + deployment + " by the operator's pod")
        .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
          Container c = client.apps().deployments().inNamespace(ns).withName(deployment).get()
              .getSpec().getTemplate().getSpec().getContainers().get(0);
          found[0] = c;
          return "readinessProbe".equals(field) ? c.getReadinessProbe() != null
              : c.getLivenessProbe() != null;
        });
    return found[0];
  }

  /** The new pod template is out: {@code replicas} updated pods Ready, no old ones left. */
  private static void awaitRolledOut(String ns, String name, int replicas) {
    await(name + " rolled out with its probes").atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500)).until(() -> {
          Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
          var s = d.getStatus();
          return s != null && d.getMetadata().getGeneration().equals(s.getObservedGeneration())
              && Integer.valueOf(replicas).equals(s.getUpdatedReplicas())
              && Integer.valueOf(replicas).equals(s.getReadyReplicas())
              && Integer.valueOf(replicas).equals(s.getReplicas());
        });
  }

  private static boolean endpoints(JsonNode policy, String state, int healthy, int unhealthy) {
    return state.equals(policy.at("/status/state").asText())
        && policy.at("/status/endpoints/healthy").asInt(-1) == healthy
        && policy.at("/status/endpoints/unhealthy").asInt(-1) == unhealthy
        && policy.at("/status/endpoints/total").asInt(-1) == healthy + unhealthy;
  }

  private static Pod pod(String ns, Pod pod) {
    return client.pods().inNamespace(ns).withName(pod.getMetadata().getName()).get();
  }

  private static int restarts(Pod pod) {
    return pod.getStatus().getContainerStatuses().get(0).getRestartCount();
  }

  private static Optional<Endpoint> endpoint(String ns, String service, Pod pod) {
    return client.discovery().v1().endpointSlices().inNamespace(ns)
        .withLabels(Map.of("kubernetes.io/service-name", service)).list().getItems().stream()
        .flatMap(s -> s.getEndpoints() == null ? java.util.stream.Stream.empty()
            : s.getEndpoints().stream())
        .filter(e -> e.getTargetRef() != null
            && pod.getMetadata().getName().equals(e.getTargetRef().getName()))
        .findFirst();
  }
}
