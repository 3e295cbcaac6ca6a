package dev.breakwater.crds.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Small readers over generated schema nodes so the tests state expectations in one line. */
final class SchemaAssertions {

  static final String DURATION_PATTERN = "^([0-9]+(ms|s|m|h))+$";

  private SchemaAssertions() {}

  /** rule -> message of a node's x-kubernetes-validations. */
  static Map<String, String> rules(JSONSchemaProps node) {
    List<ValidationRule> rules = node.getXKubernetesValidations();
    return rules == null
        ? Map.of()
        : rules.stream().collect(Collectors.toMap(ValidationRule::getRule, ValidationRule::getMessage));
  }

  static List<String> enumValues(JSONSchemaProps node) {
    return node.getEnum().stream().map(JsonNode::asText).toList();
  }

  static void assertDuration(JSONSchemaProps node, String expectedDefault) {
    assertThat(node.getType()).isEqualTo("string");
    assertThat(node.getPattern()).isEqualTo(DURATION_PATTERN);
    assertThat(node.getMaxLength()).isEqualTo(20L);
    if (expectedDefault == null) {
      assertThat(node.getDefault()).isNull();
    } else {
      assertThat(node.getDefault().asText()).isEqualTo(expectedDefault);
    }
  }
}
