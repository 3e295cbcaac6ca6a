package dev.breakwater.operator.probes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakwater.crds.v1alpha1.WorkloadProbeStatus;
import dev.breakwater.operator.state.PolicyKey;
import dev.breakwater.xds.policies.healthcheck.HealthCheckSettings;
import dev.breakwater.xds.model.Policy;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides which probe goes on which container: for each HealthCheck asking for probes (oldest
 * first, so the oldest wins a container both would write), the Deployments whose pod template the
 * target Service selects, and in each the container serving the targeted port. A probe the
 * workload defines itself (one our field manager does not own) is left alone unless the
 * HealthCheck says {@code override: true}.
 */
public final class ProbePlanner {

  public static final String DEPLOYMENT = "Deployment";

  private final WorkloadMatcher matcher = new WorkloadMatcher();
  private final ProbeBuilder builder = new ProbeBuilder();
  private final ManagedProbes managed = new ManagedProbes();

  /** @param healthChecks accepted HealthChecks of the namespace */
  public ProbePlan plan(List<Policy> healthChecks, Map<String, Service> services,
      List<Deployment> deployments) {
    Map<String, Map<Slot, ObjectNode>> probes = new TreeMap<>();
    Map<String, Boolean> force = new TreeMap<>();
    deployments.forEach(d -> {
      probes.put(d.getMetadata().getName(), new LinkedHashMap<>());
      force.put(d.getMetadata().getName(), false);
    });
    Map<PolicyKey, List<WorkloadProbeStatus>> workloads = new LinkedHashMap<>();
    List<Policy> ordered = new ArrayList<>(healthChecks);
    ordered.sort(Comparator.comparing((Policy p) -> p.meta().creationTimestamp())
        .thenComparing(p -> p.meta().name()));
    for (Policy policy : ordered) {
      HealthCheckSettings spec = (HealthCheckSettings) policy.spec();
      Set<ProbeKind> kinds = kinds(spec.probes());
      List<WorkloadProbeStatus> mine = new ArrayList<>();
      workloads.put(PolicyKey.of(policy.meta()), mine);
      Service service = services.get(policy.targetRef().name());
      if (kinds.isEmpty() || service == null || service.getSpec() == null) {
        continue;
      }
      for (Deployment d : deployments) {
        if (!matcher.selects(service.getSpec().getSelector(), d)) {
          continue;
        }
        Set<ProbeKind> written = EnumSet.noneOf(ProbeKind.class);
        Set<Slot> ours = managed.owned(d, ProbeApplier.FIELD_MANAGER);
        Map<Slot, ObjectNode> desired = probes.get(d.getMetadata().getName());
        for (ServicePort port : targetedPorts(service, policy.targetRef().port())) {
          Optional<WorkloadMatcher.Target> target = matcher.containerFor(d, port);
          if (target.isEmpty()) {
            continue;
          }
          for (ProbeKind kind : kinds) {
            Slot slot = new Slot(target.get().container(), kind);
            if (desired.containsKey(slot)) {
              continue; // an older HealthCheck, or another port of this one, took it
            }
            boolean foreign = hasProbe(d, slot) && !ours.contains(slot);
            if (foreign && !spec.probes().override()) {
              continue;
            }
            desired.put(slot, builder.build(spec, kind, target.get().port()));
            force.put(d.getMetadata().getName(), force.get(d.getMetadata().getName()) || foreign);
            written.add(kind);
          }
        }
        if (!written.isEmpty()) {
          mine.add(new WorkloadProbeStatus(DEPLOYMENT, d.getMetadata().getName(),
              written.stream().map(ProbeKind::statusName).toList()));
        }
      }
    }
    Map<String, ProbePlan.Desired> out = new TreeMap<>();
    probes.forEach((name, p) -> out.put(name, new ProbePlan.Desired(p, force.get(name))));
    return new ProbePlan(out, workloads);
  }

  private static Set<ProbeKind> kinds(HealthCheckSettings.Probes probes) {
    Set<ProbeKind> kinds = EnumSet.noneOf(ProbeKind.class);
    if (probes.readiness()) {
      kinds.add(ProbeKind.READINESS);
    }
    if (probes.liveness()) {
      kinds.add(ProbeKind.LIVENESS);
    }
    return kinds;
  }

  private static List<ServicePort> targetedPorts(Service service, Integer port) {
    List<ServicePort> ports = service.getSpec().getPorts() == null ? List.of()
        : service.getSpec().getPorts();
    return port == null ? ports : ports.stream().filter(p -> port.equals(p.getPort())).toList();
  }

  private static boolean hasProbe(Deployment d, Slot slot) {
    for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
      if (c.getName().equals(slot.container())) {
        return (slot.kind() == ProbeKind.READINESS ? c.getReadinessProbe()
            : c.getLivenessProbe()) != null;
      }
    }
    return false;
  }
}
