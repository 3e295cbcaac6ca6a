package dev.breakwater.operator.probes;

import static net.logstash.logback.argument.StructuredArguments.v;

import dev.breakwater.crds.v1alpha1.WorkloadProbeStatus;
import dev.breakwater.operator.publish.CoalescingTrigger;
import dev.breakwater.operator.publish.TranslatedPolicy;
import dev.breakwater.operator.publish.Published;
import dev.breakwater.operator.publish.Scheduler;
import dev.breakwater.operator.state.PolicyKey;
import dev.breakwater.operator.status.WorkloadSource;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.policies.healthcheck.HealthCheckKind;
import dev.breakwater.xds.translate.PolicyCondition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps HealthCheck probes on Deployments, one namespace at a time: whenever a HealthCheck is
 * published or a Deployment or Service of a namespace changes, that namespace is planned again
 * and the Deployments whose probes differ are applied. Our own applies come back as Deployment
 * events and find nothing to do. What status reports comes from the Deployments as the informer
 * sees them ({@link ProbeOutcomes}), not from the plan: a probe is listed once it is on the pod
 * template, and a refused apply is a {@code ProbesApplied=False} condition (retried later).
 */
public final class ProbeSync implements WorkloadSource, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ProbeSync.class);
  /** A refused apply is tried again after this, even when nothing in the namespace changed. */
  private static final Duration RETRY_FAILED = Duration.ofSeconds(30);

  private final Supplier<Published> published;
  private final Function<String, List<Service>> services;
  private final Function<String, List<Deployment>> deployments;
  private final ProbeApplier applier;
  private final Runnable onWorkloadsChanged;
  private final ProbePlanner planner = new ProbePlanner();
  private final ProbeOutcomes outcomes;
  private final Map<PolicyKey, List<WorkloadProbeStatus>> workloads = new ConcurrentHashMap<>();
  private final Map<PolicyKey, PolicyCondition> conditions = new ConcurrentHashMap<>();
  private final Set<String> dirty = new LinkedHashSet<>();
  private final Set<String> namespacesWithHealthChecks = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService executor;
  private final CoalescingTrigger trigger;
  private volatile boolean active;

  public ProbeSync(Supplier<Published> published, Function<String, List<Service>> services,
      Function<String, List<Deployment>> deployments, ProbeApplier applier,
      Runnable onWorkloadsChanged) {
    this.published = published;
    this.services = services;
    this.deployments = deployments;
    this.applier = applier;
    this.outcomes = new ProbeOutcomes(applier);
    this.onWorkloadsChanged = onWorkloadsChanged;
    this.executor = Scheduler.daemonThread("breakwater-probes");
    this.trigger = new CoalescingTrigger(Scheduler.of(executor), Duration.ofMillis(100),
        this::sync, true);
  }

  @Override
  public List<WorkloadProbeStatus> workloads(PolicyKey healthCheck) {
    return workloads.getOrDefault(healthCheck, List.of());
  }

  @Override
  public Optional<PolicyCondition> condition(PolicyKey healthCheck) {
    return Optional.ofNullable(conditions.get(healthCheck));
  }

  /** A Deployment or Service of the namespace changed. */
  public void request(String namespace) {
    synchronized (dirty) {
      dirty.add(namespace);
    }
    trigger.request();
  }

  /** Stops writing probes (the Lease is lost). */
  public void stop() {
    active = false;
  }

  /**
   * Starts writing probes: only the leader does, so a standby replica never calls this. Plans
   * every namespace with a HealthCheck in the latest snapshot.
   */
  public void start() {
    active = true;
    Published p = published.get();
    if (p != null) {
      onPublished(p);
    }
  }

  /** Plans every namespace that has, or had, a HealthCheck. */
  public void onPublished(Published p) {
    Set<String> now = p.policies().stream()
        .filter(o -> o.key().kind().equals(HealthCheckKind.NAME))
        .map(o -> o.key().namespace())
        .collect(Collectors.toSet());
    Set<String> all = new HashSet<>(now);
    all.addAll(namespacesWithHealthChecks);
    namespacesWithHealthChecks.addAll(now);
    all.forEach(this::request);
  }

  private void sync() {
    Published p = published.get();
    if (!active || p == null) {
      return; // a standby, or nothing published yet: HealthCheck acceptance is not known
    }
    Set<String> namespaces;
    synchronized (dirty) {
      namespaces = new LinkedHashSet<>(dirty);
      dirty.clear();
    }
    boolean changed = false;
    for (String ns : namespaces) {
      try {
        changed |= sync(ns, p);
      } catch (RuntimeException e) {
        LOG.error("probes of namespace {} not synced", ns, e);
      }
    }
    if (changed) {
      onWorkloadsChanged.run();
    }
  }

  private boolean sync(String namespace, Published p) {
    List<Policy> healthChecks = p.policies().stream()
        .filter(o -> o.key().kind().equals(HealthCheckKind.NAME)
            && o.key().namespace().equals(namespace) && o.accepted() && o.policy() != null)
        .map(TranslatedPolicy::policy)
        .toList();
    Map<String, Service> svc = services.apply(namespace).stream()
        .collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s, (a, b) -> a));
    List<Deployment> deps = deployments.apply(namespace);
    ProbePlan plan = planner.plan(healthChecks, svc, deps);
    Map<String, String> failures = new TreeMap<>();
    for (Deployment d : deps) {
      ProbePlan.Desired desired = plan.deployments().get(d.getMetadata().getName());
      try {
        if (applier.reconcile(d, desired)) {
          LOG.info("probes of Deployment {} set to {}",
              v("deployment", namespace + "/" + d.getMetadata().getName()),
              v("probes", describe(desired.probes().keySet())));
        }
      } catch (KubernetesClientException e) {
        // a conflict means the workload took the probe meanwhile; the next plan sees it
        String why = e.getStatus() != null && e.getStatus().getMessage() != null
            ? e.getStatus().getMessage() : e.getMessage();
        failures.put(d.getMetadata().getName(), why);
        LOG.warn("probes of Deployment {} not applied: {}",
            v("deployment", namespace + "/" + d.getMetadata().getName()), v("error", why));
      }
    }
    if (!failures.isEmpty()) {
      executor.schedule(() -> request(namespace), RETRY_FAILED.toMillis(),
          TimeUnit.MILLISECONDS);
    }
    Map<PolicyKey, ProbeOutcomes.Outcome> now = outcomes.evaluate(plan, deps, failures,
        Map.copyOf(conditions));
    boolean changed = false;
    for (PolicyKey key : Set.copyOf(workloads.keySet())) {
      if (key.namespace().equals(namespace) && !now.containsKey(key)) {
        workloads.remove(key);
        conditions.remove(key);
        changed = true;
      }
    }
    for (var e : now.entrySet()) {
      changed |= !e.getValue().workloads().equals(workloads.put(e.getKey(),
          e.getValue().workloads()));
      PolicyCondition before = e.getValue().condition().isPresent()
          ? conditions.put(e.getKey(), e.getValue().condition().get())
          : conditions.remove(e.getKey());
      changed |= !Objects.equals(before, e.getValue().condition().orElse(null));
    }
    return changed;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  /** {@code readiness on app, liveness on app}, or {@code none}. */
  private static String describe(java.util.Collection<Slot> slots) {
    return slots.isEmpty() ? "none" : String.join(", ", slots.stream()
        .map(slot -> slot.kind().statusName() + " on " + slot.container()).sorted().toList());
  }
}
