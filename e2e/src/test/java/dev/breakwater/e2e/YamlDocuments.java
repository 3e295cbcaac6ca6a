package dev.breakwater.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Kubernetes YAML kept as untyped objects, so what reaches the API server is exactly the file:
 * typed CR classes would drop unknown fields or fail on wrong types in the client instead.
 */
final class YamlDocuments {
  private static final YAMLMapper YAML = new YAMLMapper();

  private YamlDocuments() {}

  static List<GenericKubernetesResource> parse(String yaml) {
    List<GenericKubernetesResource> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (it.hasNext()) {
        JsonNode node = it.next();
        if (node != null && node.isObject() && !node.isEmpty()) {
          docs.add(Serialization.jsonMapper().treeToValue(node, GenericKubernetesResource.class));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  /** Creates the object as {@code kubectl create} would (strict field validation). */
  static GenericKubernetesResource create(KubernetesClient client, String namespace,
      GenericKubernetesResource object) {
    return client.genericKubernetesResources(object.getApiVersion(), object.getKind())
        .inNamespace(namespace).resource(object).fieldValidation(Validation.STRICT).create();
  }
}
