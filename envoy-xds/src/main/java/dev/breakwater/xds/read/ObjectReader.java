package dev.breakwater.xds.read;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.breakwater.xds.model.ApiGroup;
import dev.breakwater.xds.model.ClusterState;
import dev.breakwater.xds.model.EndpointSliceModel;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.model.ServiceModel;
import dev.breakwater.xds.policies.PolicyKinds;
import dev.breakwater.xds.policy.PolicyKind;
import dev.breakwater.xds.schema.FieldError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads Kubernetes-shaped documents (YAML a user applies, or objects from the API server turned
 * into JSON trees) into the model. The one mapping used by the operator, `translate` and tests.
 */
public final class ObjectReader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Splits a multi-document YAML or JSON text; a {@code kind: List} is flattened. */
  public static List<JsonNode> parseDocuments(String text) {
    List<JsonNode> out = new ArrayList<>();
    try (JsonParser parser = YAML.getFactory().createParser(text);
        MappingIterator<JsonNode> docs = YAML.readValues(parser, JsonNode.class)) {
      while (docs.hasNextValue()) {
        flatten(docs.nextValue(), out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("not YAML: " + e.getMessage(), e);
    }
    return out;
  }

  private static void flatten(JsonNode doc, List<JsonNode> out) {
    if (doc == null || doc.isNull() || doc.isMissingNode() || doc.isEmpty()) {
      return;
    }
    if (doc.path("kind").asText().endsWith("List") && doc.path("items").isArray()) {
      doc.path("items").forEach(item -> flatten(item, out));
    } else {
      out.add(doc);
    }
  }

  /** Returns empty for kinds translation does not read (Namespace, Deployment, ...). */
  public Optional<KubeObject> read(JsonNode object) throws InvalidObjectException {
    String apiVersion = object.path("apiVersion").asText("");
    String kind = object.path("kind").asText("");
    if (apiVersion.equals(ApiGroup.API_VERSION) && PolicyKinds.byName(kind).isPresent()
        && object.isObject()) {
      PolicyKind<?> policyKind = PolicyKinds.of(kind);
      return Optional.of(new KubeObject.PolicyObject(PolicyReader.read(policyKind, object)));
    }
    if (apiVersion.startsWith(ApiGroup.GROUP + "/")) {
      throw new InvalidObjectException(MetadataReader.describe(object), List.of(
          new FieldError("apiVersion", "unknown kind " + kind + " in " + apiVersion
              + "; this version serves " + ApiGroup.API_VERSION + " "
              + String.join(", ", PolicyKinds.names()))));
    }
    ObjectFields root = ObjectFields.root(object);
    KubeObject result;
    if (apiVersion.equals("v1") && kind.equals("Service")) {
      result = new KubeObject.ServiceObject(ServiceReader.service(root));
    } else if (apiVersion.equals("discovery.k8s.io/v1") && kind.equals("EndpointSlice")) {
      result = new KubeObject.EndpointSliceObject(EndpointSliceReader.slice(object, root));
    } else {
      return Optional.empty();
    }
    if (!root.errors().isEmpty()) {
      throw new InvalidObjectException(MetadataReader.describe(object), root.errors());
    }
    return Optional.of(result);
  }

  /** Reads every document; the first invalid one throws. */
  public ClusterState readAll(List<JsonNode> objects) throws InvalidObjectException {
    List<Policy> policies = new ArrayList<>();
    List<ServiceModel> services = new ArrayList<>();
    List<EndpointSliceModel> slices = new ArrayList<>();
    for (JsonNode object : objects) {
      Optional<KubeObject> read = read(object);
      if (read.isEmpty()) {
        continue;
      }
      KubeObject o = read.get();
      if (o instanceof KubeObject.PolicyObject p) {
        policies.add(p.policy());
      } else if (o instanceof KubeObject.ServiceObject s) {
        services.add(s.service());
      } else if (o instanceof KubeObject.EndpointSliceObject e) {
        slices.add(e.slice());
      }
    }
    return new ClusterState(policies, services, slices);
  }
}
