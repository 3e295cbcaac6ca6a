package dev.breakwater.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakwater.operator.kinds.OperatorKind;
import dev.breakwater.operator.kinds.OperatorKinds;
import dev.breakwater.xds.model.ClusterState;
import dev.breakwater.xds.model.EndpointSliceModel;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.model.PolicyMeta;
import dev.breakwater.xds.model.ServiceModel;
import dev.breakwater.xds.read.InvalidObjectException;
import dev.breakwater.xds.read.KubeObject;
import dev.breakwater.xds.read.ObjectReader;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code translate --cluster}: the files merged with what the cluster of the current kubeconfig
 * holds, as {@code istioctl analyze} does: every namespace's Services, EndpointSlices and
 * policies, each replaced by the file's object of the same kind, namespace and name. So a
 * file's policy is checked against the Services that exist and the older policies it would
 * conflict with.
 */
final class LiveClusterObjects {

  private final KubernetesClient client;
  private final ObjectReader reader = new ObjectReader();
  private final List<String> notices = new ArrayList<>();

  LiveClusterObjects(KubernetesClient client) {
    this.client = client;
  }

  /** Cluster objects the reader refused (the operator marks such a policy Invalid). */
  List<String> notices() {
    return notices;
  }

  /** {@code files} over the cluster's objects; the files win on the same identity. */
  ClusterState mergedWith(ClusterState files) {
    Map<String, Policy> policies = new LinkedHashMap<>();
    Map<String, ServiceModel> services = new LinkedHashMap<>();
    Map<String, EndpointSliceModel> slices = new LinkedHashMap<>();
    for (OperatorKind<?> kind : OperatorKinds.all()) {
      read(client.resources(kind.resourceClass()).inAnyNamespace().list().getItems())
          .forEach(o -> add(o, policies, services, slices));
    }
    read(client.services().inAnyNamespace().list().getItems())
        .forEach(o -> add(o, policies, services, slices));
    read(client.discovery().v1().endpointSlices().inAnyNamespace().list().getItems())
        .forEach(o -> add(o, policies, services, slices));
    Instant now = Instant.now();
    for (Policy p : files.policies()) {
      // applying the file updates the cluster's object (its age stays) or creates a new one,
      // younger than every policy there: the age decides conflicts
      Policy existing = policies.get(key(p));
      Instant created = existing != null ? existing.meta().creationTimestamp() : now;
      policies.put(key(p), new Policy(new PolicyMeta(p.kind(), p.meta().namespace(),
          p.meta().name(), p.meta().generation(), created), p.targetRef(), p.spec()));
    }
    files.services().forEach(s -> services.put(s.namespace() + "/" + s.name(), s));
    files.endpointSlices().forEach(e -> slices.put(e.namespace() + "/" + e.name(), e));
    return new ClusterState(new ArrayList<>(policies.values()),
        new ArrayList<>(services.values()), new ArrayList<>(slices.values()));
  }

  private List<KubeObject> read(List<? extends HasMetadata> objects) {
    List<KubeObject> out = new ArrayList<>();
    for (HasMetadata object : objects) {
      try {
        Optional<KubeObject> read = reader.read(
            client.getKubernetesSerialization().convertValue(object, JsonNode.class));
        read.ifPresent(out::add);
      } catch (InvalidObjectException | RuntimeException e) {
        notices.add("cluster: " + object.getKind() + " " + object.getMetadata().getNamespace()
            + "/" + object.getMetadata().getName() + " skipped: " + e.getMessage());
      }
    }
    return out;
  }

  private static void add(KubeObject o, Map<String, Policy> policies,
      Map<String, ServiceModel> services, Map<String, EndpointSliceModel> slices) {
    if (o instanceof KubeObject.PolicyObject p) {
      policies.put(key(p.policy()), p.policy());
    } else if (o instanceof KubeObject.ServiceObject s) {
      services.put(s.service().namespace() + "/" + s.service().name(), s.service());
    } else if (o instanceof KubeObject.EndpointSliceObject e) {
      slices.put(e.slice().namespace() + "/" + e.slice().name(), e.slice());
    }
  }

  private static String key(Policy p) {
    return p.meta().key();
  }
}
