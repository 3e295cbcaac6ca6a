package dev.breakwater.xds.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Fields the schema does not declare. kube-apiserver prunes them silently, and with strict field
 * validation (kubectl's default) refuses the object: a typo such as {@code resetTimout} must not
 * pass offline and then fall back to a default without a word.
 */
public final class UnknownFields {
  private UnknownFields() {}

  /** Adds one error per undeclared field under {@code value}; {@code metadata} is not checked. */
  public static void find(JsonNode value, JsonNode schema, String path, List<FieldError> errors) {
    if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      return;
    }
    if (value.isObject()) {
      JsonNode properties = schema.path("properties");
      if (!properties.isObject() || schema.has("additionalProperties")) {
        return; // a free-form map (or an object the schema leaves open)
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String child = FieldError.join(path, field.getKey());
        if (path.isEmpty() && field.getKey().equals("metadata")) {
          continue; // ObjectMeta: validated by the API server's own rules, not this schema
        }
        JsonNode property = properties.get(field.getKey());
        if (property == null) {
          errors.add(new FieldError(child, "unknown field \"" + child + "\""));
        } else {
          find(field.getValue(), property, child, errors);
        }
      }
    } else if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        find(value.get(i), schema.get("items"), path + "[" + i + "]", errors);
      }
    }
  }
}
