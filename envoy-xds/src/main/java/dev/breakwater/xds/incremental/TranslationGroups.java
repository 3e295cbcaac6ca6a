package dev.breakwater.xds.incremental;

import dev.breakwater.xds.model.BackendRef;
import dev.breakwater.xds.model.ClusterState;
import dev.breakwater.xds.model.EndpointSliceModel;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.model.ServiceModel;
import dev.breakwater.xds.policies.PolicyKinds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Splits a cluster state into {@link TranslationGroup}s, one per targeted Service name. */
final class TranslationGroups {
  private TranslationGroups() {}

  static Map<String, TranslationGroup> of(ClusterState state) {
    Map<String, List<Policy>> policiesByName = new HashMap<>();
    for (Policy policy : state.policies()) {
      String target = policy.targetRef().name();
      policiesByName.computeIfAbsent(target == null ? "" : target, n -> new ArrayList<>(3))
          .add(policy);
    }
    Map<String, List<ServiceModel>> servicesByName = new HashMap<>();
    Map<String, ServiceModel> servicesByKey = new HashMap<>();
    for (ServiceModel service : state.services()) {
      servicesByName.computeIfAbsent(service.name(), n -> new ArrayList<>(1)).add(service);
      servicesByKey.put(key(service.namespace(), service.name()), service);
    }
    Map<ServiceModel, Integer> serviceOrder = null;
    Map<String, List<EndpointSliceModel>> slicesByService = new HashMap<>();
    for (EndpointSliceModel slice : state.endpointSlices()) {
      slicesByService.computeIfAbsent(key(slice.namespace(), slice.serviceName()),
          k -> new ArrayList<>()).add(slice);
    }
    Map<EndpointSliceModel, Integer> sliceOrder = null;
    Map<String, TranslationGroup> groups = new HashMap<>(policiesByName.size() * 2);
    for (Map.Entry<String, List<Policy>> e : policiesByName.entrySet()) {
      List<ServiceModel> services = new ArrayList<>(
          servicesByName.getOrDefault(e.getKey(), List.of()));
      Set<ServiceModel> included = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
      included.addAll(services);
      for (Policy policy : e.getValue()) {
        List<BackendRef> refs = backends(policy);
        for (BackendRef ref : refs) {
          ServiceModel backend = servicesByKey.get(key(policy.meta().namespace(), ref.service()));
          if (backend != null && included.add(backend)) {
            services.add(backend);
          }
        }
      }
      if (services.size() > 1) {
        if (serviceOrder == null) {
          serviceOrder = new IdentityHashMap<>();
          for (ServiceModel service : state.services()) {
            serviceOrder.put(service, serviceOrder.size());
          }
        }
        services.sort(java.util.Comparator.comparing(serviceOrder::get));
      }
      List<EndpointSliceModel> slices = new ArrayList<>();
      for (ServiceModel service : services) {
        slices.addAll(slicesByService.getOrDefault(key(service.namespace(), service.name()),
            List.of()));
      }
      if (services.size() > 1 && slices.size() > 1) {
        // the state's order, as the whole translation sees them
        if (sliceOrder == null) {
          sliceOrder = new IdentityHashMap<>();
          for (EndpointSliceModel slice : state.endpointSlices()) {
            sliceOrder.put(slice, sliceOrder.size());
          }
        }
        slices.sort(java.util.Comparator.comparing(sliceOrder::get));
      }
      groups.put(e.getKey(), new TranslationGroup(e.getKey(),
          new ClusterState(e.getValue(), services, slices)));
    }
    return groups;
  }

  private static List<BackendRef> backends(Policy policy) {
    try {
      return PolicyKinds.backends(policy);
    } catch (RuntimeException e) {
      return List.of(); // the group's translation meets the same failure and reports it
    }
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
