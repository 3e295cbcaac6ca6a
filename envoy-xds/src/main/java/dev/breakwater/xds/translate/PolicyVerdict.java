package dev.breakwater.xds.translate;

import dev.breakwater.xds.model.Policy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What happened to one policy's claims during translation, turned into its conditions. */
final class PolicyVerdict {
  private final Policy policy;
  private final TargetResolver.Resolution resolution;
  private final List<String> won = new ArrayList<>();
  private final Map<String, Policy> lost = new LinkedHashMap<>();
  private final List<String> missingBackends = new ArrayList<>();

  PolicyVerdict(Policy policy, TargetResolver.Resolution resolution) {
    this.policy = policy;
    this.resolution = resolution;
  }

  void won(String cluster) {
    won.add(cluster);
  }

  void lost(String cluster, Policy owner) {
    lost.put(cluster, owner);
  }

  List<String> clusters() {
    return won;
  }

  /** A backend (fallback Service) of the policy could not be resolved; {@code why} says so. */
  void missingBackend(String why) {
    if (!missingBackends.contains(why)) {
      missingBackends.add(why);
    }
  }

  PolicyResult result() {
    List<PolicyCondition> conditions = new ArrayList<>();
    if (!resolution.resolved()) {
      conditions.add(PolicyCondition.isFalse(PolicyCondition.ACCEPTED, resolution.reason(), resolution.message()));
      conditions.add(PolicyCondition.isFalse(PolicyCondition.RESOLVED_REFS, resolution.reason(), resolution.message()));
      return new PolicyResult(policy.meta(), conditions, List.of());
    }
    String target = "Service " + resolution.service().namespace() + "/" + resolution.service().name();
    if (won.isEmpty()) {
      conditions.add(PolicyCondition.isFalse(PolicyCondition.ACCEPTED, Reasons.CONFLICTED, conflictMessage()));
    } else if (!lost.isEmpty()) {
      conditions.add(PolicyCondition.isTrue(PolicyCondition.ACCEPTED, Reasons.ACCEPTED,
          "applied to " + String.join(", ", won) + "; not to " + conflictMessage()));
    } else {
      conditions.add(PolicyCondition.isTrue(PolicyCondition.ACCEPTED, Reasons.ACCEPTED,
          "applied to " + String.join(", ", won)));
    }
    if (missingBackends.isEmpty()) {
      conditions.add(PolicyCondition.isTrue(PolicyCondition.RESOLVED_REFS, Reasons.RESOLVED_REFS,
          target + " resolved"));
    } else {
      conditions.add(PolicyCondition.isFalse(PolicyCondition.RESOLVED_REFS,
          Reasons.BACKEND_NOT_FOUND, String.join("; ", missingBackends)));
    }
    return new PolicyResult(policy.meta(), conditions, won);
  }

  private String conflictMessage() {
    List<String> parts = new ArrayList<>();
    lost.forEach((cluster, owner) -> parts.add(cluster + " (older " + owner.kind() + " "
        + owner.meta().namespace() + "/" + owner.meta().name() + " applies there)"));
    return String.join(", ", parts);
  }
}
