package dev.breakwater.xds.incremental;

import dev.breakwater.xds.Translation;
import dev.breakwater.xds.envoy.EnvoyOptions;
import dev.breakwater.xds.envoy.ServiceResources;
import dev.breakwater.xds.envoy.XdsResources;
import dev.breakwater.xds.envoy.XdsResourcesFactory;
import dev.breakwater.xds.ir.RoutedService;
import dev.breakwater.xds.model.ClusterState;
import dev.breakwater.xds.translate.IrTranslation;
import dev.breakwater.xds.translate.IrTranslator;
import dev.breakwater.xds.translate.PolicyResult;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.ScopedRouteConfiguration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The translator's contract ({@code Translator.translate}: same input, same output, byte for
 * byte), translating only what changed since the last call. The state is split into groups, one
 * per targeted Service name ({@link TranslationGroup}); a group whose input objects are the very
 * ones of the last call keeps its routed Services, Envoy resources and policy results, and only
 * the others are translated again (the IR translator on the group alone, then the resource
 * factories for its Services). So a one-policy change rebuilds one Service's ports, whatever the
 * number of policies. It relies on unchanged objects keeping their identity, as the operator's
 * store does. Not thread-safe for concurrent calls (one publisher calls it).
 */
public final class IncrementalTranslator {
  private final IrTranslator ir = new IrTranslator();
  private final XdsResourcesFactory factory;
  private final Listener listener;

  private Map<String, TranslationGroup> groups = Map.of();
  private final Map<String, TranslationGroup.Output> outputs = new HashMap<>();
  private final TreeMap<String, PolicyResult> results = new TreeMap<>();
  private final TreeMap<String, Cluster> clusters = new TreeMap<>();
  private final TreeMap<String, ClusterLoadAssignment> endpoints = new TreeMap<>();
  private final TreeMap<String, RouteConfiguration> routes = new TreeMap<>();
  private final TreeMap<String, ScopedRouteConfiguration> scopes = new TreeMap<>();
  /** Clusters of services policies call (shared by Services): each with how many need it. */
  private final Map<String, SharedCluster> serviceClusters = new HashMap<>();
  private int lastRebuilt;

  public IncrementalTranslator(EnvoyOptions options) {
    this.factory = new XdsResourcesFactory(options);
    this.listener = factory.listener();
  }

  public synchronized Translation translate(ClusterState state) {
    Map<String, TranslationGroup> next = TranslationGroups.of(state);
    Map<String, TranslationGroup.Output> changed = new HashMap<>();
    for (Map.Entry<String, TranslationGroup> e : next.entrySet()) {
      TranslationGroup group = e.getValue();
      if (group.sameInputAs(groups.get(e.getKey())) && outputs.containsKey(e.getKey())) {
        continue;
      }
      try {
        changed.put(e.getKey(), translate(group));
      } catch (RuntimeException failure) {
        // the whole call fails, as the whole translation would; nothing of it is kept
        groups = Map.of();
        clear();
        throw failure;
      }
    }
    List<String> gone = new ArrayList<>();
    for (String name : outputs.keySet()) {
      if (!next.containsKey(name)) {
        gone.add(name);
      }
    }
    // every old part out before any new one goes in: a policy that moved to another Service
    // name leaves one group and joins another under the same key
    changed.keySet().forEach(name -> remove(outputs.get(name)));
    gone.forEach(name -> remove(outputs.remove(name)));
    changed.forEach((name, output) -> {
      outputs.put(name, output);
      add(output);
    });
    int rebuilt = changed.size() + gone.size();
    groups = next;
    lastRebuilt = rebuilt;
    List<Cluster> allClusters = new ArrayList<>(clusters.size() + serviceClusters.size());
    allClusters.addAll(clusters.values());
    if (!serviceClusters.isEmpty()) {
      serviceClusters.values().forEach(shared -> allClusters.add(shared.cluster));
      allClusters.sort(java.util.Comparator.comparing(Cluster::getName));
    }
    XdsResources resources = new XdsResources(allClusters,
        new ArrayList<>(endpoints.values()), List.of(listener),
        new ArrayList<>(routes.values()), new ArrayList<>(scopes.values()));
    return new Translation(resources, new ArrayList<>(results.values()));
  }

  /** Groups (Service names) translated again by the last call, removed ones included. */
  public synchronized int lastRebuiltGroups() {
    return lastRebuilt;
  }

  private TranslationGroup.Output translate(TranslationGroup group) {
    IrTranslation translated = ir.translate(group.input());
    List<ServiceResources> built = new ArrayList<>(translated.services().size());
    for (RoutedService service : translated.services()) {
      built.add(factory.service(service));
    }
    return new TranslationGroup.Output(built, translated.results());
  }

  private void add(TranslationGroup.Output output) {
    for (PolicyResult result : output.results()) {
      results.put(result.meta().key(), result);
    }
    for (ServiceResources r : output.resources()) {
      routes.put(r.routes().getName(), r.routes());
      r.scopes().forEach(s -> scopes.put(s.getName(), s));
      r.clusters().forEach(c -> clusters.put(c.getName(), c));
      r.endpoints().forEach(c -> endpoints.put(c.getClusterName(), c));
      // the first Service to need one gives it, as in the whole translation (they are equal)
      r.serviceClusters().forEach(c ->
          serviceClusters.computeIfAbsent(c.getName(), n -> new SharedCluster(c)).users++);
    }
  }

  private void remove(TranslationGroup.Output output) {
    if (output == null) {
      return;
    }
    for (PolicyResult result : output.results()) {
      results.remove(result.meta().key());
    }
    for (ServiceResources r : output.resources()) {
      routes.remove(r.routes().getName());
      r.scopes().forEach(s -> scopes.remove(s.getName()));
      r.clusters().forEach(c -> clusters.remove(c.getName()));
      r.endpoints().forEach(c -> endpoints.remove(c.getClusterName()));
      r.serviceClusters().forEach(c -> serviceClusters.computeIfPresent(c.getName(),
          (n, shared) -> --shared.users == 0 ? null : shared));
    }
  }

  private void clear() {
    outputs.clear();
    results.clear();
    clusters.clear();
    endpoints.clear();
    routes.clear();
    scopes.clear();
    serviceClusters.clear();
  }

  private static final class SharedCluster {
    final Cluster cluster;
    int users;

    SharedCluster(Cluster cluster) {
      this.cluster = cluster;
    }
  }
}
