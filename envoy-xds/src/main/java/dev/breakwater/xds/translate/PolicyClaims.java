package dev.breakwater.xds.translate;

import dev.breakwater.xds.model.Policy;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

  /** cluster -> kind -> owner. */
  private final Map<String, Map<String, Policy>> owners = new HashMap<>();

  /** Returns null when {@code policy} now owns {@code cluster}, else the policy that owns it. */
  Policy claim(Policy policy, String cluster) {
    Policy owner = owners.computeIfAbsent(cluster, c -> new LinkedHashMap<>())
        .putIfAbsent(policy.kind(), policy);
    return owner == null || owner == policy ? null : owner;
  }

  /** The winning policy of each kind on {@code cluster}. */
  Map<String, Policy> owners(String cluster) {
    return owners.getOrDefault(cluster, Map.of());
  }
}
