package dev.breakwater.operator.probes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Server-side applies the planned probes onto a Deployment with a field manager of their own.
 * The apply always carries all of the operator's probes for that Deployment, so a probe left out
 * (HealthCheck deleted, liveness turned off) is removed by the API server itself, and a probe the
 * workload owns is never touched without force. The apply is one PATCH and nothing else: the
 * chart grants list, watch and patch on Deployments, not get (a patch by name read the object
 * first and was refused, so no probe was ever written in a real install).
 */
public final class ProbeApplier {

  public static final String FIELD_MANAGER = "breakwater-probes";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ResourceDefinitionContext DEPLOYMENTS =
      new ResourceDefinitionContext.Builder().withGroup("apps").withVersion("v1")
          .withKind("Deployment").withPlural("deployments")
      .withNamespaced(true).build();

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
    GenericKubernetesResource item = MAPPER.convertValue(body(namespace, name, desired),
        GenericKubernetesResource.class);
    var apply = client.genericKubernetesResources(DEPLOYMENTS).inNamespace(namespace)
        .resource(item).fieldManager(FIELD_MANAGER);
    (desired.force() ? apply.forceConflicts() : apply).serverSideApply();
    return true;
  }

  /** The operator's probe is on the pod template as planned (the informer's copy says so). */
  public boolean carries(Deployment deployment, Slot slot, ObjectNode wanted) {
    Probe actual = probe(deployment, slot);
    return actual != null && contains(MAPPER.valueToTree(actual), wanted);
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
