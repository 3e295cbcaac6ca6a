package dev.breakwater.operator.kinds.healthcheck;

import dev.breakwater.operator.publish.Published;
import dev.breakwater.operator.publish.Scheduler;
import dev.breakwater.operator.publish.TranslatedPolicy;
import dev.breakwater.operator.state.PolicyKey;
import dev.breakwater.operator.stats.StatsView;
import dev.breakwater.operator.status.EndpointCheckResult;
import dev.breakwater.operator.status.EndpointCheckSource;
import dev.breakwater.xds.policies.healthcheck.HealthCheckKind;
import dev.breakwater.xds.policies.healthcheck.HealthCheckSettings;
import dev.breakwater.xds.policy.UpstreamHttp2;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's own checks of the endpoints a HealthCheck's proxies report unhealthy: Envoy
 * reports that an endpoint fails its check, never why (no stat carries the status code or the
 * network error). What these checks see is shown as the operator's, in status; they decide
 * nothing. Bounded in every direction:
 * <ul>
 *   <li>only accepted HealthChecks, only endpoints some proxy reports unhealthy;
 *   <li>only addresses in the ClusterLoadAssignment the operator itself published for the
 *       HealthCheck's clusters, i.e. the target's own EndpointSlices (a stat naming any other
 *       address is never followed);
 *   <li>each endpoint at most once per {@code spec.interval}, each check within {@code
 *       spec.timeout};
 *   <li>at most {@link #CONCURRENCY} checks at once: beyond that, endpoints wait for a later tick.
 * </ul>
 * Runs on the leader only (started with status writing).
 */
public final class OperatorEndpointChecks implements EndpointCheckSource, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorEndpointChecks.class);
  static final int CONCURRENCY = 4;
  private static final Duration TICK = Duration.ofSeconds(1);

  private final Supplier<Optional<Published>> published;
  private final Supplier<StatsView> stats;
  private final Clock clock;
  private final ScheduledExecutorService ticker =
      Scheduler.daemonThread("breakwater-endpoint-checks");
  private final ExecutorService checkers = Executors.newFixedThreadPool(CONCURRENCY, r -> {
    Thread t = new Thread(r, "breakwater-endpoint-check");
    t.setDaemon(true);
    return t;
  });
  private final Semaphore permits = new Semaphore(CONCURRENCY);
  private final Map<PolicyKey, Map<String, Tracked>> tracked = new ConcurrentHashMap<>();
  private final Map<PolicyKey, Set<String>> notReady = new ConcurrentHashMap<>();

  public OperatorEndpointChecks(Supplier<Optional<Published>> published, Supplier<StatsView> stats,
      Clock clock) {
    this.published = published;
    this.stats = stats;
    this.clock = clock;
  }

  private boolean scheduled;
  private volatile boolean active;

  /** Checks from now on: only the leader checks (it writes the status the results go to). */
  public synchronized void start() {
    active = true;
    if (!scheduled) {
      scheduled = true;
      ticker.scheduleWithFixedDelay(this::tickSafely, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** The Lease was lost: no more checks until leading again; results are taken afresh then. */
  public synchronized void stop() {
    active = false;
    tracked.clear();
    notReady.clear();
  }

  @Override
  public Map<String, EndpointCheckResult> results(PolicyKey healthCheck) {
    Map<String, Tracked> endpoints = tracked.get(healthCheck);
    if (endpoints == null) {
      return Map.of();
    }
    Map<String, EndpointCheckResult> out = new HashMap<>();
    endpoints.forEach((address, t) -> {
      EndpointCheckResult result = t.result;
      if (result != null) {
        out.put(address, result);
      }
    });
    return out;
  }

  @Override
  public Set<String> notReady(PolicyKey healthCheck) {
    return notReady.getOrDefault(healthCheck, Set.of());
  }

  private void tickSafely() {
    if (!active) {
      return;
    }
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.warn("endpoint checks not scheduled", e);
    }
  }

  /** Starts the checks that are due. */
  void tick() {
    Published latest = published.get().orElse(null);
    if (latest == null) {
      return;
    }
    StatsView view = stats.get();
    Instant now = clock.instant();
    Map<String, ClusterLoadAssignment> assignments = latest.snapshot().endpoints().resources();
    Map<String, Cluster> clusters = latest.snapshot().clusters().resources();
    Set<PolicyKey> present = new HashSet<>();
    for (TranslatedPolicy policy : latest.policies()) {
      if (!policy.key().kind().equals(HealthCheckKind.NAME) || !policy.accepted()
          || policy.policy() == null) {
        continue;
      }
      present.add(policy.key());
      Map<String, Tracked> endpoints =
          tracked.computeIfAbsent(policy.key(), k -> new ConcurrentHashMap<>());
      Set<String> failing = new HashSet<>();
      Set<String> unready = new HashSet<>();
      for (String cluster : policy.clusters()) {
        schedule(policy, assignments.get(cluster), clusters.get(cluster), view, now, endpoints,
            failing, unready);
      }
      endpoints.keySet().retainAll(failing);
      notReady.put(policy.key(), Set.copyOf(unready));
    }
    tracked.keySet().retainAll(present);
    notReady.keySet().retainAll(present);
  }

  private void schedule(TranslatedPolicy policy, ClusterLoadAssignment assignment,
      Cluster shaped, StatsView view, Instant now, Map<String, Tracked> endpoints,
      Set<String> failing, Set<String> unready) {
    if (assignment == null || shaped == null) {
      return;
    }
    String cluster = shaped.getName();
    Map<String, InetSocketAddress> published = publishedAddresses(assignment, h -> true);
    Set<String> publishedNotReady = publishedAddresses(assignment,
        h -> h == HealthStatus.UNHEALTHY || h == HealthStatus.DRAINING).keySet();
    HealthCheckSettings spec = (HealthCheckSettings) policy.policy().spec();
    String host = policy.policy().targetRef().name() + "." + policy.key().namespace()
        + ".svc.cluster.local";
    EndpointCheck check = EndpointCheck.of(spec, host, UpstreamHttp2.enabled(shaped.toBuilder()));
    for (EndpointHealth endpoint : EndpointHealthStats.read(java.util.List.of(cluster), view)) {
      if (endpoint.healthy()) {
        continue;
      }
      String canonical = EndpointAddress.parse(endpoint.address())
          .map(EndpointAddress::canonical).orElse("");
      InetSocketAddress target = published.get(canonical);
      if (target == null) {
        continue; // not an address the operator published for this cluster: never checked
      }
      failing.add(endpoint.address());
      if (publishedNotReady.contains(canonical)) {
        unready.add(endpoint.address());
      }
      Tracked t = endpoints.computeIfAbsent(endpoint.address(), a -> new Tracked());
      if (t.due(now, spec.interval()) && permits.tryAcquire()) {
        t.started(now);
        submit(t, check, target, spec.timeout());
      }
    }
  }

  private void submit(Tracked t, EndpointCheck check, InetSocketAddress target, Duration timeout) {
    try {
      checkers.execute(() -> {
        try {
          t.finished(check.check(target, timeout), clock.instant());
        } finally {
          permits.release();
        }
      });
    } catch (RejectedExecutionException e) {
      permits.release(); // shutting down
      t.inFlight = false;
    }
  }

  /** The IP endpoints of an assignment whose EDS health passes {@code health}, by canonical address. */
  static Map<String, InetSocketAddress> publishedAddresses(ClusterLoadAssignment assignment,
      Predicate<HealthStatus> health) {
    Map<String, InetSocketAddress> out = new HashMap<>();
    for (LocalityLbEndpoints locality : assignment.getEndpointsList()) {
      for (LbEndpoint lb : locality.getLbEndpointsList()) {
        if (!health.test(lb.getHealthStatus())) {
          continue;
        }
        SocketAddress socket = lb.getEndpoint().getAddress().getSocketAddress();
        EndpointAddress.of(socket.getAddress(), socket.getPortValue())
            .ifPresent(a -> out.put(EndpointAddress.canonical(a), a));
      }
    }
    return out;
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    checkers.shutdownNow();
  }

  /** One endpoint's checks: when the last began, whether one runs, what the latest got. */
  private static final class Tracked {
    volatile Instant lastStart;
    volatile boolean inFlight;
    volatile EndpointCheckResult result;

    boolean due(Instant now, Duration interval) {
      return !inFlight && (lastStart == null || !now.isBefore(lastStart.plus(interval)));
    }

    void started(Instant now) {
      lastStart = now;
      inFlight = true;
    }

    void finished(EndpointCheck.Outcome outcome, Instant at) {
      EndpointCheckResult before = result;
      boolean same = before != null && before.passed() == outcome.passed()
          && before.result().equals(outcome.result());
      result = new EndpointCheckResult(outcome.passed(), outcome.result(),
          same ? before.since() : at);
      inFlight = false;
    }
  }
}
