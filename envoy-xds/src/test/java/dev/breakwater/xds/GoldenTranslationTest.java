package dev.breakwater.xds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.breakwater.xds.read.InvalidObjectException;
import dev.breakwater.xds.read.ObjectReader;
import dev.breakwater.xds.model.ClusterState;
import dev.breakwater.xds.Translator;
import dev.breakwater.xds.envoy.EnvoyOptions;
import dev.breakwater.xds.TranslationDocument;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every {@code testdata/<case>.in.yaml} translates to exactly {@code <case>.out.yaml}. */
class GoldenTranslationTest {
  static final String SHARED_LISTENERS_CASE = "no-policies";
  private static final JsonNode SHARED_LISTENERS = TranslationDocument.tree(
      new Translator(EnvoyOptions.DEFAULTS).translate(ClusterState.EMPTY)).get("listeners");

  static Stream<String> cases() throws IOException {
    return GoldenFiles.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void translatesToGolden(String name) throws IOException {
    GoldenFiles.assertMatches(name, render(GoldenFiles.input(name)));
  }

  /** The translation document, or for invalid input the errors naming each field. */
  static String render(String input) {
    ObjectReader reader = new ObjectReader();
    try {
      ClusterState state = reader.readAll(ObjectReader.parseDocuments(input));
      ObjectNode doc = TranslationDocument.tree(new Translator(EnvoyOptions.DEFAULTS).translate(state));
      if (!doc.get("policies").isEmpty() && doc.get("listeners").equals(SHARED_LISTENERS)) {
        // every case has the same listener: said once, in the case without policies
        doc.put("listeners", "same as " + SHARED_LISTENERS_CASE + ".out.yaml");
      }
      return TranslationDocument.yaml(doc);
    } catch (InvalidObjectException e) {
      ObjectNode error = JsonNodeFactory.instance.objectNode();
      error.put("invalid", e.object());
      e.errors().forEach(f -> error.withArray("errors").addObject()
          .put("field", f.field()).put("message", f.message()));
      return TranslationDocument.yaml(error);
    }
  }
}
