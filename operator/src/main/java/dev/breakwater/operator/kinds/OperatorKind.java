package dev.breakwater.operator.kinds;

import dev.breakwater.crds.v1alpha1.PolicyStatus;
import dev.breakwater.crds.v1alpha1.WorkloadProbeStatus;
import dev.breakwater.operator.reconcile.ClusterObjects;
import dev.breakwater.operator.reconcile.ObjectIngest;
import dev.breakwater.operator.reconcile.PolicyReconciler;
import dev.breakwater.operator.stats.LiveState;
import dev.breakwater.operator.stats.StatsView;
import dev.breakwater.operator.status.StatusSync;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.translate.PolicyCondition;
import io.fabric8.kubernetes.client.CustomResource;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Optional;

/**
 * The operator's side of one policy kind (envoy-xds's {@code PolicyKind} is the translation
 * side): its custom resource class, which Envoy stats feed its live state, the status it writes
 * and the Prometheus series it adds. Listed once, in {@link OperatorKinds}.
 *
 * @param <R> the kind's custom resource class (crds module)
 */
public interface OperatorKind<R extends CustomResource<?, ? extends PolicyStatus>> {

  /** The Kubernetes kind; equal to the envoy-xds kind's name. */
  String name();

  Class<R> resourceClass();

  /**
   * The kind's JOSDK reconciler: a class of its own, {@code <Kind>Reconciler extends
   * PolicyReconciler<R>}, as JOSDK reads the resource class from the type argument and the
   * controller's name from the class name.
   *
   * @param cluster the cluster-object informers for the one controller that carries them, else null
   */
  PolicyReconciler<R> reconciler(StatusSync status, ObjectIngest ingest, ClusterObjects cluster);

  /**
   * The name under which the stats sink keeps an Envoy stat this kind reads, or null for a stat
   * it does not read. Keeping only these is what keeps the sink's memory small.
   */
  String keep(String statName);

  /**
   * What the policy does on the data plane right now, from its proxies' stats; empty while no
   * proxy reports any stat of it (not configured anywhere yet).
   *
   * @param clusters the Envoy clusters the policy shapes
   */
  Optional<LiveState> liveState(Policy policy, List<String> clusters, StatsView stats);

  /**
   * A status object of this kind carrying the live state; the caller fills the common parts
   * (conditions, observedGeneration, proxies).
   *
   * @param live null while no proxy reports the policy
   * @param workloads workloads the operator wrote probes onto for this policy (HealthCheck)
   * @param programmedProxies proxies that run the policy
   */
  PolicyStatus status(LiveState live, List<WorkloadProbeStatus> workloads, int programmedProxies);

  /**
   * The status object from everything the operator knows of the policy; what the status sync
   * calls. A kind that needs more than the live state (the status it carried before, to keep
   * times; the operator's own checks) overrides this one.
   */
  default PolicyStatus status(StatusInputs inputs) {
    return status(inputs.live(), inputs.workloads(), inputs.programmedProxies());
  }

  /**
   * The condition types this kind adds after Accepted, ResolvedRefs and Programmed, in this
   * order; every status carries each of them (Unknown when {@link #conditions} leaves one out).
   * Describe them in the CRD's status description.
   */
  default List<String> conditionTypes() {
    return List.of();
  }

  /**
   * This kind's own conditions (types from {@link #conditionTypes}), given the status {@link
   * #status(StatusInputs)} built; stamped with generation and transition time like the others.
   */
  default List<PolicyCondition> conditions(StatusInputs inputs, PolicyStatus status) {
    return List.of();
  }

  /** The kind's own per-policy series, reading the policy's latest live state. */
  List<Meter> meters(MeterRegistry registry, Tags tags, LatestLiveState live);
}
