package dev.breakwater.e2e.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakwater.e2e.Kube;
import dev.breakwater.e2e.KubeApiServerExtension;
import dev.breakwater.e2e.TestBed;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The NOTES of a real {@code helm install} into the suite's kube-apiserver, each block run by
 * bash exactly as printed, kubectl on PATH: the heredoc that creates a policy, the listing, and
 * {@code rollout status} (with the Deployment's status written by the test, as the
 * controller-manager this API server lacks would). The blocks that need pods ({@code helm test},
 * the port-forward and curl to the gateway) run in the cluster tier's {@code ChartOnNodeIT}.
 */
@ExtendWith(KubeApiServerExtension.class)
class HelmNotesIT {
  private static final String RELEASE = "bw-notes";
  private static KubernetesClient client;
  private static String namespace;
  private static NotesSteps notes;
  private static NotesShell shell;

  @BeforeAll
  static void install(KubernetesClient shared) {
    client = shared;
    namespace = Kube.createNamespace(client, "helm-notes");
    Path kubeconfig = KubeConfigFile.write(client, TestBed.workDir("helm-notes")
        .resolve("kubeconfig"));
    String output = Chart.helm().install().withName(RELEASE).withNamespace(namespace)
        .withValuesFile(Chart.imageValues()).withKubeConfig(kubeconfig).call().getOutput();
    notes = NotesSteps.parse(Notes.notesOf(output));
    shell = new NotesShell(kubeconfig, TestBed.workDir("helm-notes"));
  }

  @AfterAll
  static void removePolicy() {
    client.genericKubernetesResources("resilience.breakwater.dev/v1alpha1",
        "CircuitBreakerPolicy").inNamespace("default").withName("payments").delete();
  }

  @Test
  void heredocBlockCreatesThePolicyAndTheListingShowsIt() {
    String applied = shell.run(notes.find("kubectl apply -f - <<'YAML'"));
    assertThat(applied).contains("circuitbreakerpolicy.resilience.breakwater.dev/payments");
    GenericKubernetesResource policy = client.genericKubernetesResources(
        "resilience.breakwater.dev/v1alpha1", "CircuitBreakerPolicy").inNamespace("default")
        .withName("payments").get();
    assertThat(policy.getAdditionalProperties().toString()).contains("failureThreshold=5");

    String listed = shell.run(notes.find("kubectl get circuitbreakerpolicies"));
    assertThat(listed).contains("default").contains("payments");
  }

  @Test
  void rolloutStatusBlockNamesTheOperatorDeployment() {
    String name = RELEASE + "-breakwater";
    Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name)
        .get();
    deployment.setStatus(new DeploymentStatusBuilder()
        .withObservedGeneration(deployment.getMetadata().getGeneration()).withReplicas(1)
        .withUpdatedReplicas(1).withReadyReplicas(1).withAvailableReplicas(1).build());
    client.apps().deployments().inNamespace(namespace).resource(deployment).updateStatus();

    String rollout = shell.run(notes.find("kubectl -n " + namespace + " rollout status"));
    assertThat(rollout).contains("deployment \"" + name + "\" successfully rolled out");
  }
}
