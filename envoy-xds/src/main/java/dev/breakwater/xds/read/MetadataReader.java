package dev.breakwater.xds.read;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakwater.xds.model.PolicyMeta;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** A policy's {@code metadata}: identity, generation and age (which orders conflicts). */
final class MetadataReader {
  static final String DEFAULT_NAMESPACE = "default";

  private MetadataReader() {}

  static PolicyMeta meta(String kind, ObjectFields root) {
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

  /** {@code Kind namespace/name}, for messages. */
  static String describe(JsonNode object) {
    String kind = object.path("kind").asText("?");
    JsonNode metadata = object.path("metadata");
    String namespace = metadata.path("namespace").asText(DEFAULT_NAMESPACE);
    return kind + " " + namespace + "/" + metadata.path("name").asText("?");
  }
}
