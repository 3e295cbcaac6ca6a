package dev.breakwater.e2e.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.Release;
import dev.breakwater.e2e.Kube;
import dev.breakwater.e2e.KubeApiServerExtension;
import dev.breakwater.e2e.TestBed;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code helm install} of the real chart (helm-java, Helm embedded) into the suite's real
 * kube-apiserver, then what the API server holds: the Deployments as the kubelet would get them,
 * the RBAC it enforces (checked with {@code kubectl auth can-i --as} the operator's
 * ServiceAccount), the CRDs, the {@code helm test} hook, and what {@code helm uninstall} leaves.
 * There is no kubelet, so pods never run: objects are asserted, not running pods.
 */
@ExtendWith(KubeApiServerExtension.class)
class HelmInstallIT {
  /** Every policy kind's plural, from the registry. */
  private static final List<String> POLICIES = dev.breakwater.e2e.Crds.PLURALS;
  private static KubernetesClient client;
  private static Path kubeconfig;
  private static Kubectl kubectl;

  @BeforeAll
  static void connect(KubernetesClient shared) {
    client = shared;
    kubeconfig = KubeConfigFile.write(client, TestBed.workDir("helm").resolve("kubeconfig"));
    kubectl = new Kubectl(kubeconfig);
  }

  @Test
  void defaultInstallCreatesLockedDownOperatorWithClusterWideLeastPrivilege() throws Exception {
    String ns = Kube.createNamespace(client, "helm-default");
    String release = "bw-default";
    String fullname = release + "-breakwater";

    Release installed = install(release, ns).call();

    assertThat(installed.getStatus()).isEqualTo("deployed");
    assertCrdsFromChartEstablished();
    Deployment operator = client.apps().deployments().inNamespace(ns).withName(fullname).get();
    assertLockedDown(operator.getSpec().getTemplate().getSpec(), 65532L);
    Container container = operator.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getArgs()).doesNotContain("--leader-election");
    assertThat(operator.getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo(fullname);
    Service service = client.services().inNamespace(ns).withName(fullname).get();
    assertThat(service.getSpec().getPorts()).extracting(p -> p.getName() + "=" + p.getPort())
        .containsExactly("grpc-xds=18000", "http=8080");
    Deployment gateway =
        client.apps().deployments().inNamespace(ns).withName(fullname + "-gateway").get();
    assertLockedDown(gateway.getSpec().getTemplate().getSpec(), 101L);
    assertThat(client.configMaps().inNamespace(ns).withName(fullname + "-gateway-bootstrap").get()
        .getData().get("envoy.yaml"))
        .contains("address: " + fullname + "." + ns + ".svc.cluster.local")
        .contains("port_value: 18000");

    JsonNode clusterRole = Serialization.jsonMapper().valueToTree(
        client.rbac().clusterRoles().withName(fullname).get());
    assertThat(OperatorPermissions.grants(clusterRole))
        .containsExactlyElementsOf(OperatorPermissions.expectedWatchGrants());

    String sa = "system:serviceaccount:" + ns + ":" + fullname;
    for (String policy : POLICIES) {
      String resource = policy + ".resilience.breakwater.dev";
      assertThat(kubectl.canI(sa, "list", resource, null, null)).as("list " + policy).isTrue();
      assertThat(kubectl.canI(sa, "watch", resource, null, null)).as("watch " + policy).isTrue();
      assertThat(kubectl.canI(sa, "patch", resource, "default", "status"))
          .as("patch " + policy + "/status").isTrue();
      assertThat(kubectl.canI(sa, "update", resource, "default", null))
          .as("update " + policy + " spec").isFalse();
      assertThat(kubectl.canI(sa, "delete", resource, "default", null))
          .as("delete " + policy).isFalse();
    }
    assertThat(kubectl.canI(sa, "list", "services", null, null)).isTrue();
    assertThat(kubectl.canI(sa, "watch", "endpointslices.discovery.k8s.io", null, null)).isTrue();
    assertThat(kubectl.canI(sa, "patch", "deployments.apps", "default", null)).isTrue();
    assertThat(kubectl.canI(sa, "create", "events", "default", null)).isTrue();

    assertThat(kubectl.canI(sa, "get", "secrets", ns, null)).as("read Secrets").isFalse();
    assertThat(kubectl.canI(sa, "list", "secrets", null, null)).as("list Secrets").isFalse();
    assertThat(kubectl.canI(sa, "delete", "deployments.apps", "default", null)).isFalse();
    assertThat(kubectl.canI(sa, "create", "deployments.apps", "default", null)).isFalse();
    assertThat(kubectl.canI(sa, "create", "pods", "default", null)).isFalse();
    assertThat(kubectl.canI(sa, "patch", "services", "default", null)).isFalse();
    assertThat(kubectl.canI(sa, "delete", "endpointslices.discovery.k8s.io", "default", null))
        .isFalse();
    assertThat(kubectl.canI(sa, "create", "leases.coordination.k8s.io", ns, null))
        .as("no Lease without leader election").isFalse();
    assertThat(kubectl.canI(sa, "update", "customresourcedefinitions.apiextensions.k8s.io",
        null, null)).isFalse();
    assertThat(kubectl.canI(sa, "create", "clusterrolebindings.rbac.authorization.k8s.io",
        null, null)).isFalse();

    assertHelmTestHookCreatesReadyzPod(release, ns, fullname);

    Helm.uninstall(release).withNamespace(ns).withKubeConfig(kubeconfig).call();
    await("release objects deleted").atMost(Duration.ofSeconds(30)).until(() ->
        client.apps().deployments().inNamespace(ns).withName(fullname).get() == null
            && client.rbac().clusterRoles().withName(fullname).get() == null);
    assertCrdsFromChartEstablished(); // Helm never deletes CRDs: policies survive an uninstall
  }

  @Test
  void fullyEnabledValuesInstallIncludingMonitoring() throws Exception {
    client.resourceList(Files.readString(Chart.values("monitoring-crds-standin.yaml")))
        .forceConflicts().serverSideApply();
    await("monitoring CRDs served").atMost(Duration.ofSeconds(30)).until(() ->
        established("servicemonitors.monitoring.coreos.com")
            && established("prometheusrules.monitoring.coreos.com"));
    String ns = Kube.createNamespace(client, "helm-full");
    String teamA = Kube.createNamespace(client, "team-a");
    String teamB = Kube.createNamespace(client, "team-b");
    Path namespaces = Files.writeString(TestBed.workDir("helm").resolve("values-full-ns.yaml"),
        "operator: {watchNamespaces: [%s, %s]}\n".formatted(teamA, teamB));
    String release = "breakwater-full";

    Release installed = install(release, ns).withValuesFile(Chart.values("values-full.yaml"))
        .withValuesFile(namespaces).call();

    assertThat(installed.getStatus()).isEqualTo("deployed");
    assertThat(generic("monitoring.coreos.com/v1", "ServiceMonitor", ns, release)).isNotNull();
    GenericKubernetesResource rule =
        generic("monitoring.coreos.com/v1", "PrometheusRule", ns, release);
    assertThat(Serialization.asJson(rule)).contains("BreakwaterCircuitBreakerOpen");
    assertThat(client.configMaps().inNamespace(ns).withName(release + "-dashboard").get()
        .getData().get("breakwater.json")).contains("\"uid\": \"breakwater-overview\"");
    assertThat(client.apps().deployments().inNamespace(ns).withName(release + "-gateway").get()
        .getSpec().getReplicas()).isEqualTo(3);
    assertThat(client.services().inNamespace(ns).withName(release + "-gateway").get().getSpec()
        .getType()).isEqualTo("LoadBalancer");
    assertThat(client.rbac().roles().inNamespace(teamA).withName(release).get()).isNotNull();
    assertThat(client.rbac().roles().inNamespace(ns).withName(release + "-leader-election").get())
        .isNotNull();
    assertThatThrownBy(() -> Helm.test(release).withNamespace(ns).withKubeConfig(kubeconfig)
        .withTimeout(3).call()).as("no kubelet: the test Pod cannot finish").isNotNull();
    assertThat(client.pods().inNamespace(ns).withName(release + "-test-readyz").get().getSpec()
        .getImagePullSecrets()).extracting(s -> s.getName()).containsExactly("registry-credentials");
  }

  @Test
  void badValueFailsInstallNamingItAndCreatesNothing() {
    String ns = Kube.createNamespace(client, "helm-bad");

    assertThatThrownBy(() -> install("bw-bad", ns).set("operator.xdsPort", 70000).call())
        .hasMessageContaining("operator.xdsPort");

    assertThat(client.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
    assertThat(client.rbac().clusterRoles().withName("bw-bad-breakwater").get()).isNull();
  }

  private static InstallCommand install(String release, String namespace) {
    return Chart.helm().install().withName(release).withNamespace(namespace)
        .withValuesFile(Chart.imageValues()).withKubeConfig(kubeconfig);
  }

  /** The CRD files the crds build writes into the chart (one per kind), Established on the server. */
  private static void assertCrdsFromChartEstablished() throws IOException {
    Path crds = Chart.dir().resolve("crds");
    assertThat(crds).as("helm-chart/crds/ is generated by the crds module's build").isDirectory();
    List<String> names;
    try (Stream<Path> files = Files.list(crds)) {
      names = files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
          .map(f -> Chart.documents(read(f)).get(0).at("/metadata/name").asText())
          .sorted().toList();
    }
    assertThat(names).containsExactlyElementsOf(
        POLICIES.stream().map(p -> p + ".resilience.breakwater.dev").sorted().toList());
    for (String name : names) {
      CustomResourceDefinition crd =
          client.apiextensions().v1().customResourceDefinitions().withName(name).get();
      assertThat(established(name)).as(name + " Established").isTrue();
    }
  }

  private static boolean established(String crdName) {
    CustomResourceDefinition crd =
        client.apiextensions().v1().customResourceDefinitions().withName(crdName).get();
    return crd != null && crd.getStatus() != null && crd.getStatus().getConditions().stream()
        .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True"));
  }

  private static void assertLockedDown(PodSpec pod, long uid) {
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(uid);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    for (Container c : pod.getContainers()) {
      assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
      assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
      assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(c.getResources().getLimits()).containsKey("memory");
      assertThat(c.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/tmp"));
    }
    assertThat(pod.getVolumes()).anyMatch(v -> v.getName().equals("tmp") && v.getEmptyDir() != null);
  }

  /**
   * {@code helm test} creates the hook Pod; with no kubelet it never completes here, so the
   * command times out and the Pod, as the API server accepted it, is what is checked.
   */
  private static void assertHelmTestHookCreatesReadyzPod(String release, String ns,
      String fullname) {
    assertThatThrownBy(() -> Helm.test(release).withNamespace(ns).withKubeConfig(kubeconfig)
        .withTimeout(3).call()).as("no kubelet: the test Pod cannot finish").isNotNull();
    var pod = client.pods().inNamespace(ns).withName(fullname + "-test-readyz").get();
    assertThat(pod).as("helm test hook Pod").isNotNull();
    assertThat(pod.getMetadata().getAnnotations()).containsEntry("helm.sh/hook", "test");
    assertThat(pod.getSpec().getContainers().get(0).getArgs())
        .contains("http://" + fullname + "." + ns + ".svc.cluster.local:8080/readyz");
    assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
  }

  private static GenericKubernetesResource generic(String apiVersion, String kind, String ns,
      String name) {
    return client.genericKubernetesResources(apiVersion, kind).inNamespace(ns).withName(name)
        .get();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
