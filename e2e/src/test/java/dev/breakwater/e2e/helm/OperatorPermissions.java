package dev.breakwater.e2e.helm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the operator is allowed to do, as flat {@code group/resource:verb} grants, and what it must
 * be allowed: the lists and watches of its informers, the server-side-apply patches of its status
 * writer and probe applier, and Events.
 */
final class OperatorPermissions {
  private static final String GROUP = "resilience.breakwater.dev";
  /** Every policy kind's plural, from the registry. */
  private static final java.util.List<String> POLICIES = dev.breakwater.e2e.Crds.PLURALS;

  private OperatorPermissions() {}

  /** Grants of the role the operator gets in every namespace it watches. */
  static Set<String> expectedWatchGrants() {
    Set<String> grants = new TreeSet<>();
    for (String policy : POLICIES) {
      grants.add(GROUP + "/" + policy + ":list");
      grants.add(GROUP + "/" + policy + ":watch");
      grants.add(GROUP + "/" + policy + "/status:patch");
    }
    for (String resource : new String[] {"/services", "discovery.k8s.io/endpointslices",
        "apps/deployments"}) {
      grants.add(resource + ":list");
      grants.add(resource + ":watch");
    }
    grants.add("apps/deployments:patch");
    grants.add("/events:create");
    grants.add("/events:patch");
    return grants;
  }

  /** Flattens the {@code rules} of a Role or ClusterRole (as JSON) into grants. */
  static Set<String> grants(JsonNode role) {
    Set<String> grants = new TreeSet<>();
    for (JsonNode rule : role.path("rules")) {
      String names = rule.has("resourceNames") ? "[" + join(rule.path("resourceNames")) + "]" : "";
      for (JsonNode group : rule.path("apiGroups")) {
        for (JsonNode resource : rule.path("resources")) {
          for (JsonNode verb : rule.path("verbs")) {
            grants.add(group.asText() + "/" + resource.asText() + names + ":" + verb.asText());
          }
        }
      }
    }
    return grants;
  }

  /** Any "*" in apiGroups, resources, verbs or resourceNames of a role. */
  static boolean hasWildcard(JsonNode role) {
    for (JsonNode rule : role.path("rules")) {
      for (String field : new String[] {"apiGroups", "resources", "verbs", "resourceNames",
          "nonResourceURLs"}) {
        for (JsonNode value : rule.path(field)) {
          if (value.asText().contains("*")) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static String join(JsonNode array) {
    StringBuilder out = new StringBuilder();
    array.forEach(v -> out.append(out.length() == 0 ? "" : ",").append(v.asText()));
    return out.toString();
  }
}
