package dev.breakwater.xds.kube;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.breakwater.xds.model.ClusterState;
import dev.breakwater.xds.model.EndpointSliceModel;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.model.PolicyKind;
import dev.breakwater.xds.model.PolicyMeta;
import dev.breakwater.xds.model.PolicySpec;
import dev.breakwater.xds.model.ServiceModel;
import dev.breakwater.xds.model.TargetRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads Kubernetes-shaped documents (YAML a user applies, or objects from the API server turned
 * into JSON trees) into the model. The one mapping used by the operator, `translate` and tests.
 */
public final class KubernetesObjectReader {
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
    ObjectFields root = ObjectFields.root(object);
    KubeObject result;
    if (apiVersion.equals(PolicyKind.API_VERSION) && isPolicyKind(kind)) {
      result = new KubeObject.PolicyObject(policy(PolicyKind.valueOf(kind), root));
    } else if (apiVersion.equals("v1") && kind.equals("Service")) {
      result = new KubeObject.ServiceObject(ServiceReader.service(root));
    } else if (apiVersion.equals("discovery.k8s.io/v1") && kind.equals("EndpointSlice")) {
      result = new KubeObject.EndpointSliceObject(EndpointSliceReader.slice(object, root));
    } else if (apiVersion.startsWith(PolicyKind.GROUP + "/")) {
      throw new InvalidObjectException(PolicyMetaReader.describe(object), List.of(
          new InvalidObjectException.FieldError("apiVersion",
              "unknown kind " + kind + " in " + apiVersion + "; this version serves "
                  + PolicyKind.API_VERSION + " CircuitBreakerPolicy, RateLimitPolicy, HealthCheck")));
    } else {
      return Optional.empty();
    }
    if (!root.errors().isEmpty()) {
      throw new InvalidObjectException(PolicyMetaReader.describe(object), root.errors());
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

  private static boolean isPolicyKind(String kind) {
    for (PolicyKind k : PolicyKind.values()) {
      if (k.name().equals(kind)) {
        return true;
      }
    }
    return false;
  }

  private static Policy policy(PolicyKind kind, ObjectFields root) {
    PolicyMeta meta = PolicyMetaReader.meta(kind, root);
    ObjectFields spec = root.required("spec");
    TargetRef target = PolicyMetaReader.targetRef(spec);
    PolicySpec policySpec = switch (kind) {
      case CircuitBreakerPolicy -> CircuitBreakerPolicyReader.spec(spec);
      case RateLimitPolicy -> RateLimitPolicyReader.spec(spec);
      case HealthCheck -> HealthCheckReader.spec(spec);
    };
    return new Policy(meta, target, policySpec);
  }
}
