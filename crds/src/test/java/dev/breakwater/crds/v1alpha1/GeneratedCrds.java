package dev.breakwater.crds.v1alpha1;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The CRDs the crd-generator wrote during this build (process-classes runs before tests). */
final class GeneratedCrds {


  private GeneratedCrds() {}

  static Path dir() {
    return Path.of(System.getProperty("crds.generatedDir", "target/classes/META-INF/fabric8"));
  }

  /** Every CRD this build generated: one per policy kind, whatever the kinds are. */
  static java.util.List<String> all() {
    try (java.util.stream.Stream<Path> files = Files.list(dir())) {
      return files.map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith("-v1.yml"))
          .map(n -> n.substring(0, n.length() - "-v1.yml".length()))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path file(String crdName) {
    return dir().resolve(crdName + "-v1.yml");
  }

  static CustomResourceDefinition load(String crdName) {
    try {
      return Serialization.unmarshal(
          Files.readString(file(crdName)), CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JSONSchemaProps root(String crdName) {
    return load(crdName).getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
  }

  /** The schema at a dotted path below the root, e.g. "spec.targetRef.name"; "[]" = items. */
  static JSONSchemaProps at(String crdName, String path) {
    JSONSchemaProps node = root(crdName);
    for (String part : path.split("\\.")) {
      boolean items = part.endsWith("[]");
      String name = items ? part.substring(0, part.length() - 2) : part;
      node = node.getProperties().get(name);
      if (node == null) {
        throw new AssertionError("no property " + name + " in " + path + " of " + crdName);
      }
      if (items) {
        node = node.getItems().getSchema();
      }
    }
    return node;
  }
}
