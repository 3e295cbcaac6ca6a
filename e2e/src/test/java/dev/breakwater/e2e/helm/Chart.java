package dev.breakwater.e2e.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.breakwater.e2e.TestBed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The repository's Helm chart, driven through helm-java (Helm embedded as a native library: no
 * helm binary involved), and the YAML documents it renders.
 */
public final class Chart {
  static final String RELEASE = "breakwater";
  static final String NAMESPACE = "breakwater-system";

  private static final ObjectMapper YAML = new YAMLMapper();

  private Chart() {}

  public static Path dir() {
    return TestBed.repoRoot().resolve("helm-chart");
  }

  public static Helm helm() {
    return new Helm(dir());
  }

  /** A values file under {@code e2e/src/test/resources/helm/}. */
  static Path values(String file) {
    return TestBed.repoRoot().resolve("e2e/src/test/resources/helm").resolve(file);
  }

  /**
   * The operator image a test install names ({@code values-image.yaml}): the chart has no
   * default image (none is published) and fails without one.
   */
  public static Path imageValues() {
    return values("values-image.yaml");
  }

  /**
   * {@code helm template breakwater helm-chart -n breakwater-system -f values-image.yaml
   * [-f values...]}.
   */
  static String render(Path... valuesFiles) {
    TemplateCommand template = helm().template().withName(RELEASE).withNamespace(NAMESPACE)
        .withValuesFile(imageValues());
    for (Path values : valuesFiles) {
      template = template.withValuesFile(values);
    }
    return template.call();
  }

  public static List<JsonNode> documents(String yaml) {
    try (var parser = new YAMLFactory().createParser(yaml)) {
      List<JsonNode> docs = new ArrayList<>();
      for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
        JsonNode doc = it.next();
        if (doc != null && doc.isObject()) {
          docs.add(doc);
        }
      }
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode find(List<JsonNode> docs, String kind, String name) {
    return docs.stream()
        .filter(d -> kind.equals(d.path("kind").asText()))
        .filter(d -> name.equals(d.at("/metadata/name").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " rendered; have "
            + docs.stream().map(d -> d.path("kind").asText() + "/" + d.at("/metadata/name")
                .asText()).toList()));
  }

  static List<JsonNode> ofKind(List<JsonNode> docs, String kind) {
    return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
  }

  /** The gateway's Envoy bootstrap as rendered into its ConfigMap. */
  static String gatewayBootstrap(List<JsonNode> docs, String fullname) {
    JsonNode cm = find(docs, "ConfigMap", fullname + "-gateway-bootstrap");
    return Objects.requireNonNull(cm.at("/data/envoy.yaml").textValue(), "envoy.yaml key");
  }

  static ObjectNode object(JsonNode node) {
    return (ObjectNode) node;
  }
}
