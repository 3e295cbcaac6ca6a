package dev.breakwater.xds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.google.protobuf.MessageOrBuilder;
import dev.breakwater.xds.envoy.EnvoyJson;
import dev.breakwater.xds.translate.PolicyCondition;
import dev.breakwater.xds.translate.PolicyResult;
import java.util.List;

/**
 * A translation as one document: {@code clusters}, {@code endpoints}, {@code listeners},
 * {@code routes}, {@code scopes} (Envoy resources in proto3 JSON) and {@code policies} (the result of each).
 * What `translate -o json|yaml` prints and what the golden files hold.
 */
public final class TranslationDocument {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  private TranslationDocument() {}

  public static ObjectNode tree(Translation translation) {
    ObjectNode doc = JSON.createObjectNode();
    add(doc.putArray("clusters"), translation.resources().clusters());
    add(doc.putArray("endpoints"), translation.resources().endpoints());
    add(doc.putArray("listeners"), translation.resources().listeners());
    add(doc.putArray("routes"), translation.resources().routes());
    add(doc.putArray("scopes"), translation.resources().scopes());
    ArrayNode policies = doc.putArray("policies");
    for (PolicyResult result : translation.results()) {
      ObjectNode policy = policies.addObject()
          .put("kind", result.meta().kind())
          .put("namespace", result.meta().namespace())
          .put("name", result.meta().name());
      ArrayNode conditions = policy.putArray("conditions");
      for (PolicyCondition c : result.conditions()) {
        conditions.addObject()
            .put("type", c.type())
            .put("status", c.status().name())
            .put("reason", c.reason())
            .put("message", c.message());
      }
    }
    return doc;
  }

  public static String json(Translation translation) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree(translation)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String yaml(Translation translation) {
    return yaml(tree(translation));
  }

  public static String yaml(JsonNode tree) {
    try {
      return YAML.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An Envoy message (a bootstrap, say) as a JSON tree. */
  public static JsonNode tree(MessageOrBuilder message) {
    try {
      return JSON.readTree(EnvoyJson.print(message));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void add(ArrayNode array, List<? extends MessageOrBuilder> messages) {
    messages.forEach(m -> array.add(tree(m)));
  }
}
