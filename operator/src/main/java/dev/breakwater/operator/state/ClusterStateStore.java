package dev.breakwater.operator.state;

import dev.breakwater.xds.model.ClusterState;
import dev.breakwater.xds.model.EndpointSliceModel;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.model.ServiceModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The operator's model of the cluster: policies (from the reconcilers), Services and
 * EndpointSlices (from informers). Every real change notifies the listeners (the publisher);
 * writing an identical value again (informer resyncs, status-only updates) does not, and keeps
 * the object already held: translation takes an unchanged object by its identity
 * ({@code IncrementalTranslator}), so only what changed is translated again.
 */
public final class ClusterStateStore {

  private final Map<PolicyKey, PolicyEntry> policies = new ConcurrentHashMap<>();
  private final Map<String, ServiceModel> services = new ConcurrentHashMap<>();
  private final Map<String, EndpointSliceModel> slices = new ConcurrentHashMap<>();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  public void putPolicy(PolicyEntry entry) {
    changed(put(policies, entry.key(), entry));
  }

  public void removePolicy(PolicyKey key) {
    changed(policies.remove(key) != null);
  }

  public boolean containsPolicy(PolicyKey key) {
    return policies.containsKey(key);
  }

  public void putService(ServiceModel service) {
    changed(put(services, key(service.namespace(), service.name()), service));
  }

  public void removeService(String namespace, String name) {
    changed(services.remove(key(namespace, name)) != null);
  }

  public void putEndpointSlice(EndpointSliceModel slice) {
    changed(put(slices, key(slice.namespace(), slice.name()), slice));
  }

  /** Puts {@code value} unless an equal one is held (which stays); true when it changed. */
  private static <K, V> boolean put(Map<K, V> map, K key, V value) {
    boolean[] changed = {false};
    map.compute(key, (k, held) -> {
      if (Objects.equals(held, value)) {
        return held;
      }
      changed[0] = true;
      return value;
    });
    return changed[0];
  }

  public void removeEndpointSlice(String namespace, String name) {
    changed(slices.remove(key(namespace, name)) != null);
  }

  public StoreView view() {
    List<PolicyEntry> entries = new ArrayList<>(policies.values());
    entries.sort(Comparator.comparing(PolicyEntry::key));
    List<Policy> valid = entries.stream().filter(PolicyEntry::isValid)
        .map(PolicyEntry::policy).toList();
    List<ServiceModel> svc = services.values().stream()
        .sorted(Comparator.comparing(ServiceModel::namespace).thenComparing(ServiceModel::name))
        .toList();
    List<EndpointSliceModel> eps = slices.values().stream()
        .sorted(Comparator.comparing(EndpointSliceModel::namespace)
            .thenComparing(EndpointSliceModel::name))
        .toList();
    return new StoreView(new ClusterState(valid, svc, eps), entries);
  }

  private void changed(boolean changed) {
    if (changed) {
      listeners.forEach(Runnable::run);
    }
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
