package dev.breakwater.xds.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Applies a structural schema's defaults the way kube-apiserver does before validating: null
 * values of non-nullable fields are dropped, then every absent property with a {@code default}
 * gets it, and defaulting continues into what was just defaulted (so {@code probes: default {}}
 * brings the defaults of the fields inside {@code probes}).
 */
public final class StructuralDefaults {
  private StructuralDefaults() {}

  public static void apply(JsonNode value, JsonNode schema) {
    if (value instanceof ObjectNode object) {
      JsonNode properties = schema.path("properties");
      List<String> nulls = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        JsonNode property = properties.path(field.getKey());
        if (field.getValue().isNull() && !property.path("nullable").asBoolean(false)) {
          nulls.add(field.getKey());
        }
      }
      object.remove(nulls);
      for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> property = it.next();
        if (!object.has(property.getKey()) && property.getValue().has("default")) {
          object.set(property.getKey(), property.getValue().get("default").deepCopy());
        }
        JsonNode child = object.get(property.getKey());
        if (child != null) {
          apply(child, property.getValue());
        }
      }
    } else if (value instanceof ArrayNode array && schema.has("items")) {
      for (JsonNode item : array) {
        apply(item, schema.get("items"));
      }
    }
  }
}
