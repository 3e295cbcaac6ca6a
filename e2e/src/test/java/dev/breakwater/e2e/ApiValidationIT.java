package dev.breakwater.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * API tier without the operator: the generated CRDs in a real kube-apiserver accept every file
 * of {@code examples/} and reject every file of the invalid corpus with its expected message
 * (OpenAPI schema and CEL rules evaluated by the API server itself).
 */
@ExtendWith(KubeApiServerExtension.class)
class ApiValidationIT {
  private static final String EXPECT = "# expect:";
  private static final String FIELD = "# field:";
  private static KubernetesClient client;
  private static String invalidNamespace;

  @BeforeAll
  static void connect(KubernetesClient kube) {
    client = kube;
    invalidNamespace = Kube.createNamespace(client, "invalid");
  }

  static List<Path> examples() {
    return CorpusFiles.yaml(TestBed.repoRoot().resolve("examples"));
  }

  static List<Path> invalidPolicies() {
    return CorpusFiles.yaml(TestBed.repoRoot().resolve("e2e/src/test/resources/invalid"));
  }

  static List<Path> envoyInvalidPolicies() {
    return CorpusFiles.yaml(TestBed.repoRoot().resolve("e2e/src/test/resources/envoy-invalid"));
  }

  @Test
  void crdsAreEstablishedWithPrinterColumns() {
    for (String plural : Crds.PLURALS) {
      CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
          .withName(plural + "." + Crds.GROUP).get();
      assertThat(crd.getSpec().getVersions()).singleElement().satisfies(v -> {
        assertThat(v.getName()).isEqualTo("v1alpha1");
        assertThat(v.getSubresources().getStatus()).isNotNull();
        assertThat(v.getAdditionalPrinterColumns()).extracting(c -> c.getName())
            .contains("Target", "Accepted", "Programmed", "State", "Age");
      });
    }
  }

  @Test
  void invalidCorpusHasAtLeastThirtyCases() {
    assertThat(invalidPolicies()).hasSizeGreaterThanOrEqualTo(30);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void exampleApplies(Path file) {
    String namespace = Kube.createNamespace(client, "example");
    List<GenericKubernetesResource> objects = YamlDocuments.parse(CorpusFiles.read(file));
    assertThat(objects).as("objects in " + file).isNotEmpty();
    for (GenericKubernetesResource object : objects) {
      String ns = object.getMetadata().getNamespace();
      if (ns != null && client.namespaces().withName(ns).get() == null) {
        client.namespaces().resource(new NamespaceBuilder()
            .withNewMetadata().withName(ns).endMetadata().build()).create();
      }
      GenericKubernetesResource created =
          YamlDocuments.create(client, ns == null ? namespace : ns, object);
      assertThat(created.getMetadata().getUid())
          .as(object.getKind() + " " + object.getMetadata().getName() + " stored").isNotBlank();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidPolicies")
  void invalidPolicyIsRejected(Path file) {
    String yaml = CorpusFiles.read(file);
    String firstLine = yaml.lines().findFirst().orElse("");
    assertThat(firstLine).as(file + " first line").startsWith(EXPECT);
    String expected = firstLine.substring(EXPECT.length()).trim();
    // translate names the same field offline (CorpusTranslateTest)
    String field = CorpusFiles.header(yaml, FIELD);
    List<GenericKubernetesResource> objects = YamlDocuments.parse(yaml);
    assertThat(objects).as("objects in " + file).hasSize(1);
    assertThatThrownBy(() -> YamlDocuments.create(client, invalidNamespace, objects.get(0)))
        .as(file.getFileName() + " must be rejected by the API server")
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isIn(400, 422))
        .hasMessageContaining(expected)
        .hasMessageContaining(field);
  }

  /**
   * Policies only the operator can see are bad (Envoy's RE2 and path rules): the API server
   * stores them, so the operator must refuse them itself (EnvoyRulesIT).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("envoyInvalidPolicies")
  void envoyInvalidPolicyIsStoredByTheApiServer(Path file) {
    List<GenericKubernetesResource> objects = YamlDocuments.parse(CorpusFiles.read(file));
    assertThat(objects).as("objects in " + file).hasSize(1);
    GenericKubernetesResource created =
        YamlDocuments.create(client, invalidNamespace, objects.get(0));
    assertThat(created.getMetadata().getUid()).isNotBlank();
  }
}
