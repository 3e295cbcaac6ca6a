package dev.breakwater.xds.translate;

import dev.breakwater.xds.model.Policy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects what happened to one policy during translation and turns it into conditions. */
final class PolicyOutcome {
  private final Policy policy;
  private final TargetResolver.Resolution resolution;
  private final List<String> won = new ArrayList<>();
  private final Map<String, Policy> lost = new LinkedHashMap<>();

  PolicyOutcome(Policy policy, TargetResolver.Resolution resolution) {
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

  PolicyResult result() {
    List<Condition> conditions = new ArrayList<>();
    if (!resolution.resolved()) {
      conditions.add(Condition.isFalse(Condition.ACCEPTED, resolution.reason(), resolution.message()));
      conditions.add(Condition.isFalse(Condition.RESOLVED_REFS, resolution.reason(), resolution.message()));
      return new PolicyResult(policy.meta(), conditions, List.of());
    }
    String target = "Service " + resolution.service().namespace() + "/" + resolution.service().name();
    if (won.isEmpty()) {
      conditions.add(Condition.isFalse(Condition.ACCEPTED, Reasons.CONFLICTED, conflictMessage()));
    } else if (!lost.isEmpty()) {
      conditions.add(Condition.isTrue(Condition.ACCEPTED, Reasons.ACCEPTED,
          "applied to " + String.join(", ", won) + "; not to " + conflictMessage()));
    } else {
      conditions.add(Condition.isTrue(Condition.ACCEPTED, Reasons.ACCEPTED,
          "applied to " + String.join(", ", won)));
    }
    conditions.add(Condition.isTrue(Condition.RESOLVED_REFS, Reasons.RESOLVED_REFS, target + " resolved"));
    return new PolicyResult(policy.meta(), conditions, won);
  }

  private String conflictMessage() {
    List<String> parts = new ArrayList<>();
    lost.forEach((cluster, owner) -> parts.add(cluster + " (older " + owner.kind() + " "
        + owner.meta().namespace() + "/" + owner.meta().name() + " applies there)"));
    return String.join(", ", parts);
  }
}
