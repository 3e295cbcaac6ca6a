package dev.breakwater.xds.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI schema of one served version of a generated CustomResourceDefinition, read from
 * the CRD YAML on the classpath ({@code crds/<plural>.<group>-v1.yml}, copied from the chart by
 * the build). It is the only place the rules and defaults of a policy kind are written.
 */
public final class CrdSchema {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final String kind;
  private final JsonNode openApiV3Schema;

  private CrdSchema(String kind, JsonNode openApiV3Schema) {
    this.kind = kind;
    this.openApiV3Schema = openApiV3Schema;
  }

  /** @throws IllegalStateException when the CRD is not on the classpath: a packaging bug */
  public static CrdSchema load(String plural, String group, String version) {
    String resource = "crds/" + plural + "." + group + "-v1.yml";
    try (InputStream in = CrdSchema.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("CRD " + resource + " is not on the classpath");
      }
      JsonNode crd = YAML.readTree(in);
      for (JsonNode served : crd.path("spec").path("versions")) {
        if (version.equals(served.path("name").asText())) {
          JsonNode schema = served.path("schema").path("openAPIV3Schema");
          if (schema.isObject()) {
            return new CrdSchema(crd.path("spec").path("names").path("kind").asText(), schema);
          }
        }
      }
      throw new IllegalStateException(resource + " has no schema for version " + version);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  public String kind() {
    return kind;
  }

  /** The whole object's schema (apiVersion, kind, metadata, spec, status). */
  public JsonNode root() {
    return openApiV3Schema;
  }
}
