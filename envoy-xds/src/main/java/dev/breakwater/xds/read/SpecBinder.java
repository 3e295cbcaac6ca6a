package dev.breakwater.xds.read;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.breakwater.xds.model.DurationText;
import java.io.IOException;
import java.time.Duration;

/**
 * Binds a spec the CRD validated and defaulted to its model record. Nothing is checked here:
 * the schema already did, so a failure is a mismatch between a record and its CRD (a bug).
 */
final class SpecBinder {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      // the records leave out what lives elsewhere in the model (targetRef)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .registerModule(new SimpleModule().addDeserializer(Duration.class, new DurationDeserializer()));

  private SpecBinder() {}

  static <T> T bind(JsonNode node, Class<T> type) {
    try {
      return MAPPER.treeToValue(node, type);
    } catch (IOException e) {
      throw new IllegalStateException(type.getSimpleName() + " does not match its CRD: "
          + e.getMessage(), e);
    }
  }

  /** {@code 250ms}, {@code 1m30s}: the CRD's duration pattern already held. */
  private static final class DurationDeserializer extends JsonDeserializer<Duration> {
    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      return DurationText.parse(p.getValueAsString());
    }
  }
}
