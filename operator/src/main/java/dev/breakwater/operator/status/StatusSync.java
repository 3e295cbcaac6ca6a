package dev.breakwater.operator.status;

import dev.breakwater.crds.v1alpha1.PolicyStatus;
import dev.breakwater.crds.v1alpha1.ProxyStatus;
import dev.breakwater.crds.v1alpha1.WorkloadProbeStatus;
import dev.breakwater.operator.metrics.PolicyMeters;
import dev.breakwater.operator.publish.CoalescingTrigger;
import dev.breakwater.operator.kinds.OperatorKind;
import dev.breakwater.operator.kinds.OperatorKinds;
import dev.breakwater.operator.kinds.StatusInputs;
import dev.breakwater.operator.publish.TranslatedPolicy;
import dev.breakwater.operator.publish.Published;
import dev.breakwater.operator.publish.Scheduler;
import dev.breakwater.operator.publish.SnapshotPublisher;
import dev.breakwater.operator.state.PolicyKey;
import dev.breakwater.operator.stats.LiveState;
import dev.breakwater.operator.stats.LiveStateThrottle;
import dev.breakwater.operator.stats.ProxyStatsStore;
import dev.breakwater.operator.stats.StatsView;
import dev.breakwater.xds.translate.PolicyCondition;
import dev.breakwater.operator.xds.ConnectedProxies;
import dev.breakwater.operator.xds.ProgrammedEvaluator;
import dev.breakwater.operator.xds.RolloutTracker;
import dev.breakwater.xds.names.EnvoyNames;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import net.logstash.logback.argument.StructuredArguments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every policy's status equal to what the operator knows: after each publish, ACK change,
 * probe change, and on a one-second tick (stats). Every pass looks at every policy, because
 * translation is global (a new policy can make an older one Conflicted, a Service change can
 * resolve a target), but builds a status only for a policy whose inputs changed since its status
 * was last settled, and writes only where that differs from what was last written.
 *
 * <p>Writes go out in parallel ({@value #WRITERS} at a time, one in flight per policy), so ten
 * thousand statuses do not queue behind one another's round trips. A rollout still in progress
 * ({@code Programmed=False Pending}) is written only once it has lasted {@link #PENDING_HOLD}:
 * a change every proxy takes within that time costs one write, not a Pending one and a
 * Programmed one; in the first {@link #STARTUP_PENDING_HOLD} of writing, while every proxy syncs,
 * Pending is not written at all. A status whose only change is the proxy count is rewritten at
 * most every {@link #COUNT_REFRESH}.
 */
public final class StatusSync implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StatusSync.class);
  private static final Duration TICK = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
  /** Status PATCHes in flight at once; the API server's default limits allow far more. */
  static final int WRITERS = 8;
  /** How long a rollout may be pending before status says so. */
  static final Duration PENDING_HOLD = Duration.ofSeconds(2);
  /**
   * After writing starts (a start, a new leader) every proxy syncs at once, which takes tens of
   * seconds at 10,000 policies: Pending is not written meanwhile, so each policy gets one write,
   * when it is Programmed, not a Pending one first.
   */
  static final Duration STARTUP_PENDING_HOLD = Duration.ofSeconds(60);
  /** How often a status whose only change is its proxy count is rewritten. */
  static final Duration COUNT_REFRESH = Duration.ofSeconds(5);

  private final SnapshotPublisher publisher;
  private final ConnectedProxies proxies;
  private final RolloutTracker rollouts;
  private final ProgrammedEvaluator programmed;
  private final ProxyStatsStore stats;
  private final LiveStateThrottle throttle;
  private final ConditionAggregator conditions = new ConditionAggregator();
  private final ReconnectGrace grace = new ReconnectGrace();
  private final StatusWriter writer;
  private final PolicyEvents events;
  private final PolicyMeters meters;
  private final Clock clock;
  private volatile WorkloadSource workloads = WorkloadSource.NONE;
  private volatile EndpointCheckSource endpointChecks = EndpointCheckSource.NONE;
  private volatile boolean active;
  private boolean ticking;

  /** Per policy the reconciler saw, the status found on the object (empty: none yet). */
  private final Map<PolicyKey, Optional<PolicyStatus>> observed = new ConcurrentHashMap<>();
  private final Map<PolicyKey, PolicyStatus> written = new HashMap<>();
  private final Map<PolicyKey, Backoff> backoffs = new HashMap<>();
  /** Per policy, the inputs of the status that was, when last looked at, what is written. */
  private final Map<PolicyKey, Inputs> settled = new HashMap<>();
  private final Set<PolicyKey> inFlight = new HashSet<>();
  private final Map<PolicyKey, Instant> writtenAt = new HashMap<>();
  private final Map<PolicyKey, Read> reads = new HashMap<>();
  /** Bumped when writing stops: a write that completes later is not remembered. */
  private volatile long term;
  private volatile Instant startedAt = Instant.MIN;
  /** The snapshot whose policies the maps below were last pruned to. */
  private long prunedAt = -1;
  private final ExecutorService writes;
  private final ScheduledExecutorService executor;
  private final CoalescingTrigger trigger;

  public StatusSync(SnapshotPublisher publisher, ConnectedProxies proxies, RolloutTracker rollouts,
      ProgrammedEvaluator programmed, ProxyStatsStore stats, Duration statsInterval,
      StatusWriter writer, PolicyEvents events, PolicyMeters meters, Clock clock) {
    this.publisher = publisher;
    this.proxies = proxies;
    this.rollouts = rollouts;
    this.programmed = programmed;
    this.stats = stats;
    this.throttle = new LiveStateThrottle(statsInterval);
    this.writer = writer;
    this.events = events;
    this.meters = meters;
    this.clock = clock;
    this.executor = Scheduler.daemonThread("breakwater-status");
    this.writes = Executors.newFixedThreadPool(WRITERS, r -> {
      Thread t = new Thread(r, "breakwater-status-write");
      t.setDaemon(true);
      return t;
    });
    this.trigger = new CoalescingTrigger(Scheduler.of(executor), Duration.ofMillis(50),
        this::sync, true);
  }

  public void setWorkloadSource(WorkloadSource source) {
    this.workloads = source;
    request();
  }

  public void setEndpointCheckSource(EndpointCheckSource source) {
    this.endpointChecks = source;
    request();
  }

  /** Starts writing: only the leader writes status, so a standby replica never calls this. */
  public synchronized void start() {
    grace.begin(clock.instant());
    startedAt = clock.instant();
    active = true;
    trigger.request();
    if (!ticking) {
      ticking = true;
      executor.scheduleWithFixedDelay(trigger::request, TICK.toMillis(), TICK.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  /** Stops writing (the Lease is lost); what was written is forgotten, to be read afresh. */
  public synchronized void stop() {
    active = false;
    executor.execute(() -> {
      term++;
      prunedAt = -1;
      written.clear();
      writtenAt.clear();
      settled.clear();
      inFlight.clear();
      backoffs.clear();
      meters.retainOnly(Set.of()); // per-policy series come from the leader only
    });
  }

  public void request() {
    trigger.request();
  }

  /**
   * The reconciler saw the policy, with this status on it: the base for lastTransitionTime until
   * we write our own. No status is written for a policy before its reconciler saw it, so a new
   * leader keeps the transition times its predecessor wrote.
   */
  public void observe(PolicyKey key, PolicyStatus status) {
    observed.put(key, Optional.ofNullable(status));
    trigger.request();
  }

  public void forget(PolicyKey key) {
    observed.remove(key);
  }

  private void sync() {
    Published published = publisher.latest().orElse(null);
    if (!active || published == null) {
      return;
    }
    Instant now = clock.instant();
    ProgrammedEvaluator.Fleet fleet = programmed.fleet(proxies.proxies());
    StatsView view = stats.view();
    for (TranslatedPolicy outcome : published.policies()) {
      try {
        sync(outcome, fleet, view, now);
      } catch (RuntimeException e) {
        LOG.error("status of {} not computed",
            StructuredArguments.v("policy", outcome.key().toString()), e);
      }
    }
    events.flush();
    meters.counted(fleet.size());
    if (published.index() != prunedAt) {
      prune(published);
    }
  }

  /** Forgets what belongs to policies the snapshot no longer has (once per snapshot). */
  private void prune(Published published) {
    prunedAt = published.index();
    Set<PolicyKey> present = new HashSet<>();
    published.policies().forEach(p -> present.add(p.key()));
    written.keySet().retainAll(present);
    writtenAt.keySet().retainAll(present);
    reads.keySet().retainAll(present);
    settled.keySet().retainAll(present);
    events.retainOnly(present);
    backoffs.keySet().retainAll(present);
    throttle.retainOnly(present);
    meters.retainOnly(present);
  }

  private void sync(TranslatedPolicy outcome, ProgrammedEvaluator.Fleet fleet, StatsView view,
      Instant now) {
    PolicyKey key = outcome.key();
    ProgrammedEvaluator.Programmed p = fleet.evaluate(outcome.accepted(),
        rollouts.introducedAt(key),
        outcome.policy() == null ? null : EnvoyNames.routeConfiguration(outcome.policy()));
    OperatorKind<?> kind = OperatorKinds.of(key.kind());
    LiveState live = outcome.accepted() && outcome.policy() != null
        ? liveState(key, kind, outcome, view) : null;
    meters.record(key, outcome.accepted(), p.programmed() == p.total() && p.total() > 0
        && outcome.accepted(), p.programmed(), live);
    LiveState reported = live == null ? null : throttle.adopt(key, live, now);

    Optional<PolicyStatus> seen = observed.get(key);
    if (seen == null && !written.containsKey(key)) {
      return; // not reconciled yet; its reconcile asks again
    }
    PolicyStatus previous = written.containsKey(key) ? written.get(key) : seen.orElse(null);
    p = grace.apply(p, previous, outcome.generation(), now);
    Optional<PolicyCondition> probesApplied = workloads.condition(key);
    Inputs from = new Inputs(outcome, p, reported, probesApplied, workloads.workloads(key),
        endpointChecks.results(key), endpointChecks.notReady(key), previous);
    if (from.equals(settled.get(key)) || inFlight.contains(key)) {
      return; // nothing it depends on changed; or a write is out, whose end asks again
    }
    // a HealthCheck's ProbesApplied follows translation's conditions the same way
    List<PolicyCondition> policyConditions = new ArrayList<>(outcome.conditions());
    probesApplied.ifPresent(policyConditions::add);
    StatusInputs inputs = new StatusInputs(outcome.policy(), outcome.accepted(), reported,
        from.workloads(), p.programmed(), from.checks(), from.notReady(), previous, now);
    PolicyStatus desired = kind.status(inputs);
    desired.setObservedGeneration(outcome.generation());
    desired.setConditions(conditions.aggregate(policyConditions, p.condition(),
        kind.conditionTypes(), kind.conditions(inputs, desired), outcome.generation(),
        previous == null ? null : previous.getConditions(), now));
    desired.setProxies(new ProxyStatus(p.programmed(), p.total()));
    if (reported != null) {
      desired.setState(reported.state());
    }
    if (desired.equals(written.get(key))) {
      settled.put(key, from);
      return;
    }
    Backoff backoff = backoffs.get(key);
    if (backoff != null && now.isBefore(backoff.until)) {
      return;
    }
    if (pendingForNow(key, p, now) || countOnlyForNow(key, desired, now)) {
      return; // the tick looks again
    }
    inFlight.add(key);
    long writeTerm = term;
    writes.execute(() -> {
      if (writeTerm != term) {
        return; // no longer the leader's to write (stop() cleared what is in flight)
      }
      String uid = null;
      RuntimeException failure = null;
      try {
        uid = writer.write(key, desired);
      } catch (RuntimeException e) {
        failure = e;
      }
      String writtenUid = uid;
      RuntimeException failed = failure;
      try {
        executor.execute(() -> written(key, from, previous, desired, writtenUid, failed,
            writeTerm));
      } catch (RejectedExecutionException stopping) {
        // closed while the write was out: nobody is left to remember it
      }
    });
  }

  /** The live state read from {@code view}; read once per view (it lasts a second or more). */
  private LiveState liveState(PolicyKey key, OperatorKind<?> kind, TranslatedPolicy outcome,
      StatsView view) {
    Read last = reads.get(key);
    if (last != null && last.view == view
        && (last.outcome == outcome || last.outcome.equals(outcome))) {
      return last.live;
    }
    LiveState live = kind.liveState(outcome.policy(), outcome.clusters(), view).orElse(null);
    reads.put(key, new Read(view, outcome, live));
    return live;
  }

  private record Read(StatsView view, TranslatedPolicy outcome, LiveState live) {}

  /** A rollout younger than the hold: most end within it, and then one write says so. */
  private boolean pendingForNow(PolicyKey key, ProgrammedEvaluator.Programmed p, Instant now) {
    // not NoProxies: with none connected, what status says (Accepted, why not) is news now
    if (!ProgrammedEvaluator.REASON_PENDING.equals(p.condition().reason())) {
      return false;
    }
    if (now.isBefore(startedAt.plus(STARTUP_PENDING_HOLD))) {
      return true; // the proxies are (re)connecting
    }
    Instant introduced = rollouts.introducedTime(key);
    return introduced != null && now.isBefore(introduced.plus(PENDING_HOLD));
  }

  /**
   * A status whose only change is the proxy count (a rollout that goes on, proxies connecting)
   * is rewritten at most every {@link #COUNT_REFRESH}, not at every ACK: a hundred proxies
   * connecting one by one would otherwise rewrite every policy for each.
   */
  private boolean countOnlyForNow(PolicyKey key, PolicyStatus desired, Instant now) {
    PolicyStatus before = written.get(key);
    Instant at = writtenAt.get(key);
    return before != null && at != null && now.isBefore(at.plus(COUNT_REFRESH))
        && withoutCounts(before).equals(withoutCounts(desired));
  }

  /**
   * The status with the proxy count and the condition messages (which repeat it) left out, and
   * the transition times (which follow the statuses).
   */
  private static JsonNode withoutCounts(PolicyStatus status) {
    ObjectNode tree = Serialization.jsonMapper().valueToTree(status);
    tree.remove("proxies");
    tree.path("conditions").forEach(c -> {
      ((ObjectNode) c).remove("message");
      ((ObjectNode) c).remove("lastTransitionTime");
    });
    return tree;
  }

  /** On the status thread, once a write has come back. */
  private void written(PolicyKey key, Inputs from, PolicyStatus previous, PolicyStatus desired,
      String uid, RuntimeException failure, long writeTerm) {
    if (writeTerm != term) {
      return; // written for a term that has ended; the next one reads status afresh
    }
    inFlight.remove(key);
    Instant now = clock.instant();
    if (failure == null) {
      written.put(key, desired);
      writtenAt.put(key, now);
      settled.put(key, from);
      events.record(key, uid, previous, desired);
      backoffs.remove(key);
    } else if (failure instanceof KubernetesClientException e && e.getCode() == 404) {
      LOG.debug("{} is gone; status not written", key);
    } else {
      Backoff backoff = backoffs.get(key);
      Duration wait = backoff == null ? Duration.ofSeconds(1)
          : min(backoff.delay.multipliedBy(2), MAX_BACKOFF);
      backoffs.put(key, new Backoff(now.plus(wait), wait));
      int code = failure instanceof KubernetesClientException e ? e.getCode() : 0;
      LOG.warn("status of {} not written (HTTP {}, retry in {}s): {}",
          StructuredArguments.v("policy", key.toString()), code, wait.toSeconds(),
          StructuredArguments.v("error", String.valueOf(failure.getMessage())));
    }
    trigger.request();
  }

  /**
   * What a policy's status is built from. Equal inputs build an equal status, so a pass skips a
   * policy whose inputs are those of its settled status ({@code previous} by identity: it is the
   * object last written or read).
   */
  private record Inputs(TranslatedPolicy outcome, ProgrammedEvaluator.Programmed programmed,
      LiveState reported, Optional<PolicyCondition> probesApplied,
      List<WorkloadProbeStatus> workloads, Map<String, EndpointCheckResult> checks,
      Set<String> notReady, PolicyStatus previous) {

    @Override
    public boolean equals(Object o) {
      return o instanceof Inputs other && previous == other.previous
          && (outcome == other.outcome || outcome.equals(other.outcome))
          && programmed.equals(other.programmed)
          && Objects.equals(reported, other.reported)
          && probesApplied.equals(other.probesApplied) && workloads.equals(other.workloads)
          && checks.equals(other.checks) && notReady.equals(other.notReady);
    }

    @Override
    public int hashCode() {
      return outcome.hashCode();
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private record Backoff(Instant until, Duration delay) {}

  @Override
  public void close() {
    writes.shutdownNow();
    executor.shutdownNow();
  }
}
