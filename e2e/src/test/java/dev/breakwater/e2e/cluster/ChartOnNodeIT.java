package dev.breakwater.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import dev.breakwater.e2e.AppliedPolicy;
import dev.breakwater.e2e.TestBed;
import dev.breakwater.e2e.helm.NotesShell;
import dev.breakwater.e2e.helm.NotesSteps;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chart on a node where pods run, installed as a user installs it ({@link ChartOnNode}): the
 * operator and gateway pods become Ready, {@code helm test} runs its Pod to success, the operator
 * runs as the chart's ServiceAccount with no other binding, and every step the NOTES print works
 * when run as printed (kubectl through a shell, {@code helm test} through helm-java, the
 * port-forward and curl to the gateway).
 */
@ExtendWith(ChartOnNodeExtension.class)
class ChartOnNodeIT {
  private static ChartOnNode chart;
  private static KubernetesClient client;

  @BeforeAll
  static void install(ChartOnNode installed) {
    chart = installed;
    client = chart.client();
  }

  @Test
  void installedOnlyWithImageValuesAndHelmTestPodSucceeds() {
    assertThat(chart.release().getStatus()).isEqualTo("deployed");
    assertThat(readLines(chart.valuesFile())).allMatch(l -> l.isBlank()
        || l.matches("^(image|gateway|tests):.*") || l.matches("^\\s+image: \\{repository: .*"));
    Pod operator = client.pods().inNamespace(ChartOnNode.NAMESPACE)
        .withLabel("app.kubernetes.io/component", "operator").list().getItems().get(0);
    assertThat(BusyboxBackend.ready(operator)).as("operator pod Ready").isTrue();
    assertThat(operator.getSpec().getContainers().get(0).getImage())
        .isEqualTo("breakwater.local/breakwater:e2e");

    helmTestPasses();
  }

  /**
   * {@code helm test} fails (throws) unless its Pod succeeded; on success the hook's delete
   * policy removes the Pod, and its Events show the curl container ran.
   */
  private static void helmTestPasses() {
    String pod = ChartOnNode.FULLNAME + "-test-readyz";
    Release tested = Helm.test(ChartOnNode.RELEASE).withNamespace(ChartOnNode.NAMESPACE)
        .withKubeConfig(chart.node().kubeconfig()).withTimeout(120).call();

    assertThat(tested.getStatus()).isEqualTo("deployed");
    await("hook Pod removed after success").atMost(Duration.ofSeconds(30))
        .until(() -> client.pods().inNamespace(ChartOnNode.NAMESPACE).withName(pod).get() == null);
    assertThat(client.v1().events().inNamespace(ChartOnNode.NAMESPACE).list().getItems())
        .filteredOn(e -> pod.equals(e.getInvolvedObject().getName()))
        .extracting(e -> e.getReason()).contains("Pulled", "Started");
  }

  @Test
  void operatorRunsWithExactlyTheChartsServiceAccountAndBindings() {
    Pod operator = client.pods().inNamespace(ChartOnNode.NAMESPACE)
        .withLabel("app.kubernetes.io/component", "operator").list().getItems().get(0);
    assertThat(operator.getSpec().getServiceAccountName()).isEqualTo(ChartOnNode.FULLNAME);
    List<String> bindings = new ArrayList<>();
    client.rbac().clusterRoleBindings().list().getItems().forEach(b -> {
      if (boundToOperator(b.getSubjects())) {
        bindings.add("ClusterRoleBinding/" + b.getMetadata().getName() + "->"
            + b.getRoleRef().getName());
      }
    });
    client.rbac().roleBindings().inAnyNamespace().list().getItems().forEach(b -> {
      if (boundToOperator(b.getSubjects())) {
        bindings.add("RoleBinding/" + b.getMetadata().getNamespace() + "/"
            + b.getMetadata().getName() + "->" + b.getRoleRef().getName());
      }
    });
    // The namespaced Role is the xDS channel's CA: Secrets, and only in the release's namespace.
    assertThat(bindings).containsExactlyInAnyOrder("ClusterRoleBinding/breakwater->breakwater",
        "RoleBinding/" + ChartOnNode.NAMESPACE + "/breakwater-xds-tls->breakwater-xds-tls");
  }

  @Test
  void everyNotesStepWorksAsPrinted() {
    NotesSteps steps = NotesSteps.parse(chart.release().getOutput());
    NotesShell shell = new NotesShell(chart.node().kubeconfig(), TestBed.workDir("cluster"));
    BusyboxBackend.deploy(client, "default", "payments", 1,
        chart.node().value("BUSYBOX_IMAGE"));

    String rollout = shell.run(steps.find("kubectl -n " + ChartOnNode.NAMESPACE
        + " rollout status"));
    assertThat(rollout).contains("successfully rolled out");
    // no helm binary on the test bed: helm-java runs the same test
    assertThat(steps.find("helm test " + ChartOnNode.RELEASE + " -n " + ChartOnNode.NAMESPACE))
        .isNotNull();
    helmTestPasses();
    shell.run(steps.find("kubectl apply -f - <<'YAML'"));
    new AppliedPolicy(client, "default", AppliedPolicy.CIRCUIT_BREAKER, "payments").awaitProgrammed();
    assertThat(shell.run(steps.find("kubectl get circuitbreakerpolicies"))).contains("payments");

    // port-forward in the background, curl through it, kill the port-forward: one block
    NotesSteps.Step throughGateway = steps.find("kubectl -n " + ChartOnNode.NAMESPACE
        + " port-forward");
    await("the gateway answers through the port-forward").atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(shell.run(throughGateway)).startsWith("payments-"));
  }

  private static boolean boundToOperator(List<Subject> subjects) {
    return subjects != null && subjects.stream().anyMatch(s -> "ServiceAccount".equals(s.getKind())
        && ChartOnNode.FULLNAME.equals(s.getName())
        && ChartOnNode.NAMESPACE.equals(s.getNamespace()));
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
