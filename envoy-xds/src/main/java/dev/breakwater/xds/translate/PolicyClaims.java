package dev.breakwater.xds.translate;

import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.model.PolicyKind;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Who owns each Service port, per policy kind. Claims must arrive oldest first, so the first claim
 * on a port wins and every later one is a conflict (creation time, then name).
 */
final class PolicyClaims {
  static final Comparator<Policy> OLDEST_FIRST = Comparator
      .comparing((Policy p) -> p.meta().creationTimestamp())
      .thenComparing(p -> p.meta().name())
      .thenComparing(p -> p.meta().kind());

  private final Map<PolicyKind, Map<String, Policy>> owners = new EnumMap<>(PolicyKind.class);

  /** Returns null when {@code policy} now owns {@code cluster}, else the policy that owns it. */
  Policy claim(Policy policy, String cluster) {
    Map<String, Policy> byCluster = owners.computeIfAbsent(policy.kind(), k -> new HashMap<>());
    Policy owner = byCluster.putIfAbsent(cluster, policy);
    return owner == null || owner == policy ? null : owner;
  }

  Policy owner(PolicyKind kind, String cluster) {
    return owners.getOrDefault(kind, Map.of()).get(cluster);
  }
}
