package dev.breakwater.crds.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** What every CRD shares: names, status subresource, printer columns, targetRef, status. */
class CommonCrdShapeTest {

  @ParameterizedTest
  @CsvSource({
    "circuitbreakerpolicies.resilience.breakwater.dev, CircuitBreakerPolicy, circuitbreakerpolicies, circuitbreakerpolicy, cbp",
    "ratelimitpolicies.resilience.breakwater.dev, RateLimitPolicy, ratelimitpolicies, ratelimitpolicy, rlp",
    "healthchecks.resilience.breakwater.dev, HealthCheck, healthchecks, healthcheck, hc",
    "retrypolicies.resilience.breakwater.dev, RetryPolicy, retrypolicies, retrypolicy, rtp",
    "timeoutpolicies.resilience.breakwater.dev, TimeoutPolicy, timeoutpolicies, timeoutpolicy, tmo"
  })
  void namesScopeAndVersion(
      String crdName, String kind, String plural, String singular, String shortName) {
    CustomResourceDefinition crd = GeneratedCrds.load(crdName);
    assertThat(crd.getMetadata().getName()).isEqualTo(crdName);
    assertThat(crd.getSpec().getGroup()).isEqualTo("resilience.breakwater.dev");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getKind()).isEqualTo(kind);
    assertThat(crd.getSpec().getNames().getPlural()).isEqualTo(plural);
    assertThat(crd.getSpec().getNames().getSingular()).isEqualTo(singular);
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly(shortName);
    assertThat(crd.getSpec().getNames().getCategories()).containsExactly("breakwater");
    assertThat(crd.getSpec().getVersions()).hasSize(1);
    CustomResourceDefinitionVersion version = crd.getSpec().getVersions().get(0);
    assertThat(version.getName()).isEqualTo("v1alpha1");
    assertThat(version.getServed()).isTrue();
    assertThat(version.getStorage()).isTrue();
    assertThat(version.getSubresources().getStatus()).isNotNull();
  }

  @ParameterizedTest
  @MethodSource("dev.breakwater.crds.v1alpha1.GeneratedCrds#all")
  void printerColumns(String crdName) {
    CustomResourceDefinitionVersion version = GeneratedCrds.load(crdName).getSpec().getVersions().get(0);
    // fabric8 7.5 orders columns by jsonPath, which puts Age first; the set is the contract.
    assertThat(version.getAdditionalPrinterColumns())
        .extracting(c -> c.getName(), c -> c.getJsonPath(), c -> c.getType(), c -> c.getPriority())
        .containsExactlyInAnyOrder(
            tuple("Target", ".spec.targetRef.name", "string", 0),
            tuple("Accepted", ".status.conditions[?(@.type==\"Accepted\")].status", "string", 0),
            tuple("Programmed", ".status.proxies.summary", "string", 0),
            tuple("State", ".status.state", "string", 0),
            tuple("Age", ".metadata.creationTimestamp", "date", 0));
  }

  @ParameterizedTest
  @MethodSource("dev.breakwater.crds.v1alpha1.GeneratedCrds#all")
  void commonStatus(String crdName) {
    JSONSchemaProps status = GeneratedCrds.at(crdName, "status");
    assertThat(status.getProperties())
        .containsKeys("observedGeneration", "conditions", "proxies", "state");
    assertThat(status.getProperties().get("observedGeneration").getType()).isEqualTo("integer");
    assertThat(GeneratedCrds.at(crdName, "status.conditions[]").getProperties())
        .containsOnlyKeys(
            "type", "status", "reason", "message", "observedGeneration", "lastTransitionTime");
    assertThat(GeneratedCrds.at(crdName, "status.proxies").getProperties())
        .containsOnlyKeys("programmed", "total", "summary");
  }

  @ParameterizedTest
  @MethodSource("dev.breakwater.crds.v1alpha1.GeneratedCrds#all")
  void everyFieldHasADescriptionForKubectlExplain(String crdName) {
    List<String> undescribed = new ArrayList<>();
    JSONSchemaProps root = GeneratedCrds.root(crdName);
    collectUndescribed("spec", root.getProperties().get("spec"), undescribed);
    collectUndescribed("status", root.getProperties().get("status"), undescribed);
    // fabric8's Condition model carries no descriptions; its fields are the standard ones.
    undescribed.removeIf(path -> path.startsWith("status.conditions[]."));
    assertThat(undescribed).as("schema properties without a description").isEmpty();
  }

  private static void collectUndescribed(String path, JSONSchemaProps node, List<String> out) {
    if (node.getDescription() == null || node.getDescription().isBlank()) {
      out.add(path);
    }
    if (node.getProperties() != null) {
      for (Map.Entry<String, JSONSchemaProps> e : node.getProperties().entrySet()) {
        collectUndescribed(path + "." + e.getKey(), e.getValue(), out);
      }
    }
    if (node.getItems() != null && node.getItems().getSchema() != null
        && node.getItems().getSchema().getProperties() != null) {
      for (Map.Entry<String, JSONSchemaProps> e :
          node.getItems().getSchema().getProperties().entrySet()) {
        collectUndescribed(path + "[]." + e.getKey(), e.getValue(), out);
      }
    }
  }
}
