package dev.breakwater.xds.incremental;

import dev.breakwater.xds.envoy.ServiceResources;
import dev.breakwater.xds.model.ClusterState;
import dev.breakwater.xds.translate.PolicyResult;
import java.util.List;

/**
 * The policies that target Services of one name (in any namespace), with everything their
 * translation reads: those Services, the Services their policies send requests to (fallbacks),
 * and the EndpointSlices of all of them. Translated alone, a group gives exactly what the whole
 * translation gives for it: targets, conflicts and port interplay are per Service port, and the
 * only thing shared across namespaces, the bare host name, is shared by Services of one name.
 *
 * @param input the group's part of the cluster state, every list in the state's order
 */
record TranslationGroup(String name, ClusterState input) {

  /** Whether {@code other} has the very same objects (not equal ones) in the same order. */
  boolean sameInputAs(TranslationGroup other) {
    return other != null && sameObjects(input.policies(), other.input.policies())
        && sameObjects(input.services(), other.input.services())
        && sameObjects(input.endpointSlices(), other.input.endpointSlices());
  }

  private static boolean sameObjects(List<?> a, List<?> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i) != b.get(i)) {
        return false;
      }
    }
    return true;
  }

  /** A group's translation: its routed Services' Envoy resources, and its policy results. */
  record Output(List<ServiceResources> resources, List<PolicyResult> results) {
    Output {
      resources = List.copyOf(resources);
      results = List.copyOf(results);
    }
  }
}
