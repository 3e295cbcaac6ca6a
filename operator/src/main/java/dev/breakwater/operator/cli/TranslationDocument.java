package dev.breakwater.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.MessageOrBuilder;
import dev.breakwater.xds.translate.Condition;
import dev.breakwater.xds.translate.PolicyResult;
import dev.breakwater.xds.translate.Translation;
import dev.breakwater.xds.xds.EnvoyJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * What {@code translate} prints: the Envoy resources (proto3 JSON) and a result per policy.
 * <pre>{"clusters":[...],"endpoints":[...],"listeners":[...],"routes":[...],
 *  "policies":[{"kind","namespace","name","conditions":[{"type","status","reason","message"}]}]}
 * </pre>
 */
public final class TranslationDocument {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TranslationDocument() {}

  public static ObjectNode of(Translation translation) {
    ObjectNode doc = JSON.createObjectNode();
    resources(doc.putArray("clusters"), translation.resources().clusters());
    resources(doc.putArray("endpoints"), translation.resources().endpoints());
    resources(doc.putArray("listeners"), translation.resources().listeners());
    resources(doc.putArray("routes"), translation.resources().routes());
    ArrayNode policies = doc.putArray("policies");
    for (PolicyResult r : translation.results()) {
      ObjectNode p = policies.addObject();
      p.put("kind", r.meta().kind().name());
      p.put("namespace", r.meta().namespace());
      p.put("name", r.meta().name());
      ArrayNode conditions = p.putArray("conditions");
      for (Condition c : r.conditions()) {
        conditions.addObject()
            .put("type", c.type())
            .put("status", c.status().name())
            .put("reason", c.reason())
            .put("message", c.message());
      }
    }
    return doc;
  }

  /** A protobuf message as a JSON tree (proto3 JSON mapping, Any types resolved). */
  public static JsonNode tree(MessageOrBuilder message) {
    try {
      return JSON.readTree(EnvoyJson.print(message));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void resources(ArrayNode into, List<? extends MessageOrBuilder> messages) {
    messages.forEach(m -> into.add(tree(m)));
  }
}
