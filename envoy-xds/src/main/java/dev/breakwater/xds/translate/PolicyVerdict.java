package dev.breakwater.xds.translate;

import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.policy.PortNote;
import dev.breakwater.xds.policy.PortRefusal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What happened to one policy's claims during translation, turned into its conditions. */
final class PolicyVerdict {
  private final Policy policy;
  private final TargetResolver.Resolution resolution;
  private final List<String> won = new ArrayList<>();
  private final Map<String, Policy> lost = new LinkedHashMap<>();
  private final List<String> missingBackends = new ArrayList<>();
  private final Map<String, PortRefusal> refused = new TreeMap<>();
  private final List<PortNote> notes = new ArrayList<>();

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

  /** Won {@code cluster}, but cannot apply there next to the port's other policies. */
  void refused(String cluster, PortRefusal refusal) {
    refused.put(cluster, refusal);
  }

  void noted(PortNote note) {
    notes.add(note);
  }

  /** The clusters this policy won (applied there or refused). */
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
    List<String> applied = won.stream().filter(c -> !refused.containsKey(c)).toList();
    if (won.isEmpty()) {
      conditions.add(PolicyCondition.isFalse(PolicyCondition.ACCEPTED, Reasons.CONFLICTED, conflictMessage()));
    } else if (applied.isEmpty()) {
      conditions.add(PolicyCondition.isFalse(PolicyCondition.ACCEPTED,
          refused.values().iterator().next().reason(), "not applied to " + refusalMessage()));
    } else {
      List<String> notApplied = new ArrayList<>();
      if (!lost.isEmpty()) {
        notApplied.add("not to " + conflictMessage());
      }
      if (!refused.isEmpty()) {
        notApplied.add("not to " + refusalMessage());
      }
      notApplied.add(0, "applied to " + String.join(", ", applied));
      conditions.add(PolicyCondition.isTrue(PolicyCondition.ACCEPTED, Reasons.ACCEPTED,
          String.join("; ", notApplied)));
    }
    if (missingBackends.isEmpty()) {
      conditions.add(PolicyCondition.isTrue(PolicyCondition.RESOLVED_REFS, Reasons.RESOLVED_REFS,
          target + " resolved"));
    } else {
      conditions.add(PolicyCondition.isFalse(PolicyCondition.RESOLVED_REFS,
          Reasons.BACKEND_NOT_FOUND, String.join("; ", missingBackends)));
    }
    conditions.addAll(noteConditions());
    return new PolicyResult(policy.meta(), conditions, applied);
  }

  private String conflictMessage() {
    List<String> parts = new ArrayList<>();
    lost.forEach((cluster, owner) -> parts.add(cluster + " (older " + owner.kind() + " "
        + owner.meta().namespace() + "/" + owner.meta().name() + " applies there)"));
    return String.join(", ", parts);
  }

  private String refusalMessage() {
    List<String> parts = new ArrayList<>();
    refused.forEach((cluster, refusal) -> parts.add(cluster + ": " + refusal.message()));
    return String.join("; ", parts);
  }

  /** One condition per note type (status True): the first reason, every message. */
  private List<PolicyCondition> noteConditions() {
    Map<String, List<PortNote>> byType = new TreeMap<>();
    notes.forEach(n -> byType.computeIfAbsent(n.type(), t -> new ArrayList<>()).add(n));
    List<PolicyCondition> out = new ArrayList<>();
    byType.forEach((type, list) -> out.add(PolicyCondition.isTrue(type, list.get(0).reason(),
        String.join("; ", list.stream().map(PortNote::message).distinct().sorted().toList()))));
    return out;
  }
}
