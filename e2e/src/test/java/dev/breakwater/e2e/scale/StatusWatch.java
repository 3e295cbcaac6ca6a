package dev.breakwater.e2e.scale;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakwater.e2e.Kube;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches every policy's status (one informer per kind, all namespaces) and stamps when each
 * generation first read {@code Programmed=True} with every expected proxy counted
 * ({@code proxies.programmed == proxies.total == expected}). Counts status writes too: every
 * update event that changed status.
 */
final class StatusWatch implements AutoCloseable {
  private final int expectedProxies;
  private final Map<String, Long> generation = new ConcurrentHashMap<>();
  private final Map<String, Long> programmedAt = new ConcurrentHashMap<>();
  private final AtomicLong statusWrites = new AtomicLong();
  private final List<SharedIndexInformer<GenericKubernetesResource>> informers = new ArrayList<>();

  StatusWatch(KubernetesClient client, List<String> kinds, int expectedProxies) {
    this.expectedProxies = expectedProxies;
    for (String kind : kinds) {
      informers.add(client.genericKubernetesResources(Kube.API_VERSION, kind).inAnyNamespace()
          .inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource obj) {
              seen(obj);
            }

            @Override
            public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
              if (!java.util.Objects.equals(before.getAdditionalProperties().get("status"),
                  after.getAdditionalProperties().get("status"))) {
                statusWrites.incrementAndGet();
              }
              seen(after);
            }

            @Override
            public void onDelete(GenericKubernetesResource obj, boolean unknown) {}
          }, 0));
    }
  }

  static String key(String kind, String namespace, String name) {
    return kind + "/" + namespace + "/" + name;
  }

  private void seen(GenericKubernetesResource r) {
    long now = System.nanoTime();
    String key = key(r.getKind(), r.getMetadata().getNamespace(), r.getMetadata().getName());
    long gen = r.getMetadata().getGeneration();
    generation.put(key, gen);
    JsonNode status = Serialization.jsonMapper().valueToTree(r).path("status");
    if (status.path("observedGeneration").asLong(-1) != gen
        || status.path("proxies").path("programmed").asInt(-1) != expectedProxies
        || status.path("proxies").path("total").asInt(-1) != expectedProxies) {
      return;
    }
    for (JsonNode c : status.path("conditions")) {
      if ("Programmed".equals(c.path("type").asText()) && "True".equals(c.path("status").asText())) {
        programmedAt.putIfAbsent(key + "@" + gen, now);
        return;
      }
    }
  }

  /**
   * When {@code key} first read Programmed for {@code gen} or a later generation (System.nanoTime;
   * a status may skip a generation that a newer one replaced quickly), or null.
   */
  Long programmedAt(String key, long gen) {
    Long at = programmedAt.get(key + "@" + gen);
    Long current = generation.get(key);
    for (long g = gen + 1; at == null && current != null && g <= current; g++) {
      at = programmedAt.get(key + "@" + g);
    }
    return at;
  }

  /** Policies whose current generation reads Programmed by every expected proxy. */
  int programmedNow() {
    int n = 0;
    for (Map.Entry<String, Long> e : generation.entrySet()) {
      if (programmedAt.containsKey(e.getKey() + "@" + e.getValue())) {
        n++;
      }
    }
    return n;
  }

  /** The latest moment any policy's current generation turned Programmed. */
  long lastProgrammedNanos() {
    long last = Long.MIN_VALUE;
    for (Map.Entry<String, Long> e : generation.entrySet()) {
      Long at = programmedAt.get(e.getKey() + "@" + e.getValue());
      if (at != null) {
        last = Math.max(last, at);
      }
    }
    return last;
  }

  int known() {
    return generation.size();
  }

  long statusWrites() {
    return statusWrites.get();
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}
