package dev.breakwater.xds.read;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakwater.xds.schema.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * For the core objects translation reads (Service, EndpointSlice) and policy metadata, whose
 * rules are Kubernetes' own and not in a CRD of ours: a cursor over one JSON object that reads typed fields and collects every error with its full
 * path, so a user sees all mistakes of an object at once, each naming its field.
 */
final class ObjectFields {
  private final JsonNode node;
  private final String path;
  private final List<FieldError> errors;

  ObjectFields(JsonNode node, String path, List<FieldError> errors) {
    this.node = node == null || node.isNull() ? null : node;
    this.path = path;
    this.errors = errors;
  }

  static ObjectFields root(JsonNode node) {
    return new ObjectFields(node, "", new ArrayList<>());
  }

  List<FieldError> errors() {
    return errors;
  }

  boolean present() {
    return node != null;
  }

  boolean has(String field) {
    return node != null && node.hasNonNull(field);
  }

  String path(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  void error(String field, String message) {
    errors.add(new FieldError(path(field), message));
  }

  /** A nested object; absent gives a cursor whose reads all return null. */
  ObjectFields object(String field) {
    JsonNode child = node == null ? null : node.get(field);
    if (child != null && !child.isNull() && !child.isObject()) {
      error(field, "must be an object");
      child = null;
    }
    return new ObjectFields(child, path(field), errors);
  }

  ObjectFields required(String field) {
    ObjectFields child = object(field);
    if (!child.present() && node != null) {
      error(field, "Required value");
    }
    return child;
  }

  List<ObjectFields> objects(String field) {
    List<ObjectFields> out = new ArrayList<>();
    JsonNode list = node == null ? null : node.get(field);
    if (list == null || list.isNull()) {
      return out;
    }
    if (!list.isArray()) {
      error(field, "must be a list");
      return out;
    }
    for (int i = 0; i < list.size(); i++) {
      out.add(new ObjectFields(list.get(i), path(field) + "[" + i + "]", errors));
    }
    return out;
  }

  String string(String field) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      error(field, "must be a string");
      return null;
    }
    return v.asText();
  }

  /** An int-or-string such as a Service's targetPort, as text. */
  String intOrString(String field) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    return v.asText();
  }

  String requiredString(String field) {
    String v = string(field);
    if (v == null && node != null && !node.hasNonNull(field)) {
      error(field, "Required value");
    } else if (v != null && v.isEmpty()) {
      error(field, "must not be empty");
    }
    return v;
  }

  Integer integer(String field, int min, int max) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      error(field, "must be an integer");
      return null;
    }
    int i = v.intValue();
    if (i < min || i > max) {
      error(field, "must be between " + min + " and " + max + ", got " + i);
      return null;
    }
    return i;
  }

  Integer requiredInteger(String field, int min, int max) {
    if (node != null && !node.hasNonNull(field)) {
      error(field, "Required value");
      return null;
    }
    return integer(field, min, max);
  }

  boolean bool(String field, boolean dflt) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isBoolean()) {
      error(field, "must be true or false");
      return dflt;
    }
    return v.booleanValue();
  }

  List<String> strings(String field) {
    return list(field, JsonNode::isTextual, JsonNode::asText, "strings");
  }

  private <T> List<T> list(
      String field, java.util.function.Predicate<JsonNode> ok, Function<JsonNode, T> get, String what) {
    List<T> out = new ArrayList<>();
    JsonNode list = node == null ? null : node.get(field);
    if (list == null || list.isNull()) {
      return out;
    }
    if (!list.isArray()) {
      error(field, "must be a list of " + what);
      return out;
    }
    for (int i = 0; i < list.size(); i++) {
      if (ok.test(list.get(i))) {
        out.add(get.apply(list.get(i)));
      } else {
        error(field + "[" + i + "]", "must be one of the " + what);
      }
    }
    return out;
  }
}
