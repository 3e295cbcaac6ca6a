package dev.breakwater.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each generation of each policy of some kinds in a namespace was first seen
 * {@code Programmed=True} for that generation, from a watch (no polling delay): the clock is
 * {@link System#nanoTime()}, to compare with the moment a test applied the change.
 */
final class StatusTimeline implements AutoCloseable {
  private final Map<String, Long> programmedAt = new ConcurrentHashMap<>();
  private final List<SharedIndexInformer<GenericKubernetesResource>> informers = new ArrayList<>();

  StatusTimeline(KubernetesClient client, String namespace, String... kinds) {
    for (String kind : kinds) {
      informers.add(client.genericKubernetesResources(Kube.API_VERSION, kind)
          .inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource r) {
              seen(kind, r);
            }

            @Override
            public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource r) {
              seen(kind, r);
            }

            @Override
            public void onDelete(GenericKubernetesResource r, boolean unknown) {}
          }));
    }
  }

  private void seen(String kind, GenericKubernetesResource r) {
    long now = System.nanoTime();
    JsonNode json = Serialization.jsonMapper().valueToTree(r);
    JsonNode programmed = AppliedPolicy.condition(json, "Programmed");
    if ("True".equals(programmed.path("status").asText())) {
      long generation = programmed.path("observedGeneration").asLong();
      programmedAt.putIfAbsent(key(kind, r.getMetadata().getName(), generation), now);
    }
  }

  /** nanoTime when this generation was first seen Programmed=True; empty when never. */
  OptionalLong programmedAt(String kind, String name, long generation) {
    Long at = programmedAt.get(key(kind, name, generation));
    return at == null ? OptionalLong.empty() : OptionalLong.of(at);
  }

  private static String key(String kind, String name, long generation) {
    return kind + "/" + name + "@" + generation;
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}
