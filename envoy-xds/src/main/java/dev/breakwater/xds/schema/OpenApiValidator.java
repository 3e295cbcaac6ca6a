package dev.breakwater.xds.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Comparator;
import java.util.List;

/**
 * The OpenAPI v3 part of a structural schema (types, bounds, patterns, enums, required, sizes)
 * checked by a JSON-schema validator. Errors carry the field path as kube-apiserver writes it;
 * the CEL rules ({@code x-kubernetes-validations}) are {@link CelRules}' job.
 */
public final class OpenApiValidator {
  private static final List<String> KUBERNETES_KEYWORDS = List.of(
      "x-kubernetes-validations", "x-kubernetes-preserve-unknown-fields",
      "x-kubernetes-int-or-string", "x-kubernetes-embedded-resource", "x-kubernetes-list-type",
      "x-kubernetes-list-map-keys", "x-kubernetes-map-type", "nullable");
  private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(
      SpecVersion.VersionFlag.V4,
      b -> b.metaSchema(JsonMetaSchema.builder(JsonMetaSchema.getV4())
          .keywords(KUBERNETES_KEYWORDS.stream().map(NonValidationKeyword::new).toList())
          .build()));
  private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
      .pathType(PathType.LEGACY)
      .nullableKeywordEnabled(true)
      .build();

  private final JsonSchema schema;
  private final String path;

  /** @param path where {@code schema} sits in the object, e.g. {@code spec} */
  public OpenApiValidator(JsonNode schema, String path) {
    this.schema = FACTORY.getSchema(schema, CONFIG);
    this.path = path;
  }

  public void validate(JsonNode value, List<FieldError> errors) {
    schema.validate(value).stream()
        .map(this::toFieldError)
        .sorted(Comparator.comparing(FieldError::field))
        .forEach(errors::add);
  }

  private FieldError toFieldError(ValidationMessage m) {
    // "$" is the validated value itself; LEGACY paths read $.limits[0].name
    String at = m.getInstanceLocation().toString();
    String relative = at.equals("$") ? "" : at.substring(at.startsWith("$.") ? 2 : 1);
    String field = FieldError.join(path, relative);
    if ("required".equals(m.getType()) && m.getProperty() != null) {
      return new FieldError(FieldError.join(field, m.getProperty()), "Required value");
    }
    return new FieldError(field, message(m));
  }

  /** kube-apiserver's wording where it is well known, else the validator's own. */
  private static String message(ValidationMessage m) {
    JsonNode value = m.getInstanceNode();
    Object bound = m.getArguments() == null || m.getArguments().length == 0 ? "" : m.getArguments()[0];
    return switch (m.getType()) {
      case "enum" -> "Unsupported value: " + value + ": supported values: "
          + String.valueOf(bound).replaceAll("^\\[|\\]$", "");
      case "pattern" -> "Invalid value: " + value + ": should match '" + bound + "'";
      case "minimum" -> "Invalid value: " + value + ": should be greater than or equal to "
          + integral(bound);
      case "maximum" -> "Invalid value: " + value + ": should be less than or equal to "
          + integral(bound);
      case "type" -> "Invalid value: " + value + ": must be of type "
          + (m.getSchemaNode() != null && m.getSchemaNode().isTextual()
              ? m.getSchemaNode().asText() : bound);
      case "maxItems" -> "Too many: " + value.size() + ": must have at most " + bound + " items";
      case "minItems" -> "Invalid value: " + value.size() + ": should have at least " + bound
          + " items";
      case "maxLength" -> "Too long: may not be more than " + bound + " bytes";
      case "minLength" -> "Invalid value: " + value + ": should be at least " + bound
          + " chars long";
      default -> {
        // networknt's text starts with the location ("$.limits[0].name: ..."); say it once
        String text = m.getMessage();
        int colon = text.indexOf(": ");
        yield colon >= 0 && text.startsWith("$") ? text.substring(colon + 2) : text;
      }
    };
  }

  /** 1.0E9 as the CRD's number, 1000000000, the way a user wrote it. */
  private static String integral(Object bound) {
    try {
      return new java.math.BigDecimal(String.valueOf(bound)).stripTrailingZeros().toPlainString();
    } catch (NumberFormatException e) {
      return String.valueOf(bound);
    }
  }
}
