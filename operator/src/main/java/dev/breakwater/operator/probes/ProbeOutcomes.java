package dev.breakwater.operator.probes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakwater.crds.v1alpha1.WorkloadProbeStatus;
import dev.breakwater.operator.state.PolicyKey;
import dev.breakwater.xds.translate.PolicyCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a HealthCheck's probes really are after one sync of a namespace: per HealthCheck the
 * workloads whose pod template (as the informer last saw it) carries each planned probe, and the
 * {@code ProbesApplied} condition: False with the API server's message when an apply to one of
 * its Deployments failed, True once every planned probe is on its template. A probe that was
 * applied but not seen yet is not listed, and the condition stays as it was (empty at first).
 */
public final class ProbeOutcomes {
  public static final String CONDITION = "ProbesApplied";
  public static final String APPLIED = "Applied";
  public static final String APPLY_FAILED = "ApplyFailed";

  private final ProbeApplier applier;

  public ProbeOutcomes(ProbeApplier applier) {
    this.applier = applier;
  }

  /**
   * @param failures per Deployment name, why its apply failed in this sync
   * @param previous the condition each HealthCheck had before (kept while waiting)
   */
  public Map<PolicyKey, Outcome> evaluate(ProbePlan plan, List<Deployment> deployments,
      Map<String, String> failures, Map<PolicyKey, PolicyCondition> previous) {
    Map<String, Deployment> byName = deployments.stream()
        .collect(Collectors.toMap(d -> d.getMetadata().getName(), d -> d, (a, b) -> a));
    Map<PolicyKey, Outcome> out = new LinkedHashMap<>();
    plan.workloads().forEach((key, planned) -> {
      List<WorkloadProbeStatus> onTemplate = new ArrayList<>();
      List<String> failed = new ArrayList<>();
      boolean waiting = false;
      for (WorkloadProbeStatus w : planned) {
        if (failures.containsKey(w.getName())) {
          failed.add("Deployment " + w.getName() + ": " + failures.get(w.getName()));
        }
        Deployment d = byName.get(w.getName());
        ProbePlan.Desired desired = plan.deployments().get(w.getName());
        List<String> carried = w.getProbes().stream()
            .filter(kind -> d != null && desired != null && carries(d, desired, kind)).toList();
        waiting |= carried.size() < w.getProbes().size();
        if (!carried.isEmpty()) {
          onTemplate.add(new WorkloadProbeStatus(w.getKind(), w.getName(), carried));
        }
      }
      Optional<PolicyCondition> condition;
      if (!failed.isEmpty()) {
        condition = Optional.of(new PolicyCondition(CONDITION, PolicyCondition.Status.False, APPLY_FAILED,
            String.join("; ", failed)));
      } else if (planned.isEmpty() || waiting) {
        condition = Optional.ofNullable(previous.get(key))
            .filter(c -> !planned.isEmpty() || c.status() == PolicyCondition.Status.True);
      } else {
        condition = Optional.of(new PolicyCondition(CONDITION, PolicyCondition.Status.True, APPLIED,
            "probes on " + planned.stream().map(w -> "Deployment " + w.getName() + " "
                + w.getProbes()).collect(Collectors.joining(", "))));
      }
      out.put(key, new Outcome(List.copyOf(onTemplate), condition));
    });
    return out;
  }

  private boolean carries(Deployment d, ProbePlan.Desired desired, String kind) {
    boolean any = false;
    for (Map.Entry<Slot, ObjectNode> e : desired.probes().entrySet()) {
      if (!e.getKey().kind().statusName().equals(kind)) {
        continue;
      }
      any = true;
      if (!applier.carries(d, e.getKey(), e.getValue())) {
        return false;
      }
    }
    return any;
  }

  /** @param workloads probes on pod templates; @param condition ProbesApplied, if decided */
  public record Outcome(List<WorkloadProbeStatus> workloads, Optional<PolicyCondition> condition) {}
}
