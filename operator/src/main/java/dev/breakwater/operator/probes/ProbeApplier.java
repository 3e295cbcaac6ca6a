package dev.breakwater.operator.probes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Server-side applies the planned probes onto a Deployment with a field manager of their own.
 * The apply always carries all of the operator's probes for that Deployment, so a probe left out
 * (HealthCheck deleted, liveness turned off) is removed by the API server itself, and a probe the
 * workload owns is never touched without force.
 */
public final class ProbeApplier {

  public static final String FIELD_MANAGER = "breakwater-probes";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final KubernetesClient client;
  private final ManagedProbes managed = new ManagedProbes();

  public ProbeApplier(KubernetesClient client) {
    this.client = client;
  }

  /** Applies unless the Deployment already carries exactly these probes from us. */
  public boolean reconcile(Deployment deployment, ProbePlan.Desired desired) {
    if (upToDate(deployment, desired)) {
      return false;
    }
    String namespace = deployment.getMetadata().getNamespace();
    String name = deployment.getMetadata().getName();
    client.apps().deployments().inNamespace(namespace).withName(name).patch(
        new PatchContext.Builder()
            .withPatchType(PatchType.SERVER_SIDE_APPLY)
            .withFieldManager(FIELD_MANAGER)
            .withForce(desired.force())
            .build(),
        body(namespace, name, desired).toString());
    return true;
  }

  boolean upToDate(Deployment deployment, ProbePlan.Desired desired) {
    if (!managed.owned(deployment, FIELD_MANAGER).equals(desired.probes().keySet())) {
      return false;
    }
    for (Map.Entry<Slot, ObjectNode> e : desired.probes().entrySet()) {
      Probe actual = probe(deployment, e.getKey());
      if (actual == null || !contains(MAPPER.valueToTree(actual), e.getValue())) {
        return false;
      }
    }
    return true;
  }

  static ObjectNode body(String namespace, String name, ProbePlan.Desired desired) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("apiVersion", "apps/v1");
    body.put("kind", "Deployment");
    body.putObject("metadata").put("name", name).put("namespace", namespace);
    if (desired.probes().isEmpty()) {
      return body;
    }
    Map<String, ObjectNode> containers = new TreeMap<>();
    desired.probes().forEach((slot, probe) -> containers
        .computeIfAbsent(slot.container(), c -> MAPPER.createObjectNode().put("name", c))
        .set(slot.kind().field(), probe));
    ArrayNode list = body.putObject("spec").putObject("template").putObject("spec")
        .putArray("containers");
    containers.values().forEach(list::add);
    return body;
  }

  private static Probe probe(Deployment d, Slot slot) {
    for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
      if (c.getName().equals(slot.container())) {
        return slot.kind() == ProbeKind.READINESS ? c.getReadinessProbe() : c.getLivenessProbe();
      }
    }
    return null;
  }

  /** Every field of {@code wanted} is in {@code actual} with the same value. */
  static boolean contains(JsonNode actual, JsonNode wanted) {
    if (wanted.isObject()) {
      if (!actual.isObject()) {
        return false;
      }
      Iterator<Map.Entry<String, JsonNode>> it = wanted.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> f = it.next();
        if (!actual.has(f.getKey()) || !contains(actual.get(f.getKey()), f.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (wanted.isNumber()) {
      return actual.isNumber() && actual.asLong() == wanted.asLong();
    }
    return actual.equals(wanted);
  }
}
