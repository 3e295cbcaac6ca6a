package dev.breakwater.xds.kube;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakwater.xds.model.PolicyKind;
import dev.breakwater.xds.model.PolicyMeta;
import dev.breakwater.xds.model.TargetRef;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Reads what every policy kind shares: metadata and {@code spec.targetRef}. */
final class PolicyMetaReader {
  static final String DEFAULT_NAMESPACE = "default";
  private static final java.util.regex.Pattern SERVICE_NAME =
      java.util.regex.Pattern.compile("^[a-z]([-a-z0-9]*[a-z0-9])?$");

  private PolicyMetaReader() {}

  static PolicyMeta meta(PolicyKind kind, ObjectFields root) {
    ObjectFields metadata = root.required("metadata");
    String name = metadata.requiredString("name");
    String namespace = metadata.string("namespace");
    Integer generation = metadata.integer("generation", 0, Integer.MAX_VALUE);
    Instant created = null;
    String createdText = metadata.string("creationTimestamp");
    if (createdText != null) {
      try {
        created = Instant.parse(createdText);
      } catch (DateTimeParseException e) {
        metadata.error("creationTimestamp", "must be an RFC 3339 time, got " + createdText);
      }
    }
    return new PolicyMeta(
        kind,
        namespace == null || namespace.isEmpty() ? DEFAULT_NAMESPACE : namespace,
        name == null ? "" : name,
        generation == null ? 1 : generation,
        created);
  }

  static TargetRef targetRef(ObjectFields spec) {
    ObjectFields ref = spec.required("targetRef");
    String group = ref.string("group");
    String kind = ref.string("kind");
    String name = ref.requiredString("name");
    if (name != null && !name.isEmpty() && !SERVICE_NAME.matcher(name).matches()) {
      ref.error("name", "must be a Service name (DNS-1035 label: lowercase letters, digits, '-'), got " + name);
    }
    Integer port = ref.integer("port", 1, 65535);
    String namespace = ref.string("namespace");
    if (group != null && !group.isEmpty()) {
      ref.error("group", "must be \"\" (the core API group): only Services can be targeted");
    }
    if (kind == null) {
      kind = "Service";
    } else if (!kind.equals("Service")) {
      ref.error("kind", "Unsupported value: \"" + kind + "\": supported values: \"Service\"");
    }
    return new TargetRef(group, kind, name, port, namespace);
  }

  static String describe(JsonNode object) {
    String kind = object.path("kind").asText("?");
    JsonNode metadata = object.path("metadata");
    String namespace = metadata.path("namespace").asText(DEFAULT_NAMESPACE);
    return kind + " " + namespace + "/" + metadata.path("name").asText("?");
  }
}
