package dev.breakwater.e2e.scale;

import dev.breakwater.e2e.EnvoyAdmin;
import dev.breakwater.e2e.EnvoyProcess;
import dev.breakwater.e2e.StoppableApiServer;
import dev.breakwater.e2e.scale.ComparisonReport.Value;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One size of the istiod comparison, on one API server: N Services (ScaleObjects: EndpointSlices,
 * 20 namespaces), each but the first {@code operations} with a DestinationRule and a
 * CircuitBreakerPolicy carrying the same numbers. istiod starts first, with a plain Envoy on its
 * plaintext xDS port, until that Envoy has every Service's cluster; then the operator jar (the
 * chart's memory, xDS plaintext too) with its own Envoy, until that has a cluster for every
 * Service a policy targets (Breakwater makes no cluster for the others; istiod makes one for
 * every Service). A create on a Service without policies thus changes an existing cluster in
 * istiod's Envoy and adds one to Breakwater's. Then, one at a time and the two
 * systems taking turns: {@code operations} creates (a DestinationRule / a CircuitBreakerPolicy on a
 * Service that had none) and {@code operations} updates (maxConnections of an existing one), each
 * timed from the API write until that system's Envoy's config_dump shows the new max_connections
 * on that Service's cluster. Last, each control plane's RSS and CPU time.
 */
final class IstiodComparison {
  private static final Duration START_LIMIT = Duration.ofMinutes(15);
  private static final Duration OP_LIMIT = Duration.ofSeconds(120);
  private static final String ISTIO_CLUSTERS = "^outbound\\|80\\|\\|svc-[0-9]+\\.bench-[0-9]+"
      + "\\.svc\\.cluster\\.local$";
  private static final String BREAKWATER_CLUSTERS = "^bench-[0-9]+/svc-[0-9]+/80$";

  /** What must hold whatever the load: both cold starts complete, every operation seen. */
  record Outcome(int services, boolean istiodSynced, boolean breakwaterSynced, int operations,
      int istiodSeen, int breakwaterSeen, boolean istiodAlive, boolean operatorAlive) {}

  private final IstiodPeer peer;
  private final int services;
  private final int operations;
  private final String memoryLimit;
  private final ComparisonReport report;
  private final Started started = new Started();

  IstiodComparison(IstiodPeer peer, int services, int operations, String memoryLimit,
      ComparisonReport report) {
    if (operations >= services) {
      throw new IllegalArgumentException("creates need Services without policies");
    }
    this.peer = peer;
    this.services = services;
    this.operations = operations;
    this.memoryLimit = memoryLimit;
    this.report = report;
  }

  Outcome run() throws Exception {
    try (started) {
      return measure();
    }
  }

  private <T extends AutoCloseable> T track(T closeable) {
    return started.track(closeable);
  }

  private Outcome measure() throws Exception {
    String id = "istiod-cmp-" + services;
    StoppableApiServer api = track(StoppableApiServer.start(id));
    KubernetesClient client = api.client();
    DestinationRules.installCrds(client, peer.crds());
    for (String ns : List.of(IstiodProcess.NAMESPACE, BenchOperator.SECRET_NAMESPACE)) {
      client.resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata()
          .build()).create();
    }
    ScaleObjects objects = new ScaleObjects(client, services, 0);
    objects.create(16);
    DestinationRules rules = new DestinationRules(client);
    parallel(16, services - operations, i -> {
      int service = operations + i;
      rules.create(service, ScaleObjects.INITIAL_MAX_CONNECTIONS);
      client.resource(breaker(service, ScaleObjects.INITIAL_MAX_CONNECTIONS)).create();
    });

    // istiod first, alone, until its Envoy has every Service's cluster
    IstiodProcess istiod = track(new IstiodProcess(id + "-istiod", peer.binary(),
        api.kubeconfig()));
    IstioEnvoy istioEnvoy = track(new IstioEnvoy(id + "-istio-envoy", istiod.xdsPort));
    long[] istiodReady = {-1};
    long istiodSynced = awaitClusters(istioEnvoy.admin(), ISTIO_CLUSTERS, services,
        istiod.startNanos(),
        istiod::alive, () -> {
          if (istiodReady[0] < 0 && istiod.ready()) {
            istiodReady[0] = System.nanoTime();
          }
        });
    Value istiodCold = coldValue(istiodSynced, istiod.startNanos());
    Value istiodReadyValue = coldValue(istiodReady[0], istiod.startNanos());
    Value istiodColdCpu = Value.now(cpu(istiod.pid()));
    Value istiodColdRss = Value.now(ScaleRun.mib(ProcessUsage.rssBytes(istiod.pid())));

    // then the operator jar, the same way; it makes clusters for the Services policies target
    int targeted = services - operations;
    BenchOperator operator = track(new BenchOperator(id + "-operator", api.kubeconfig(),
        memoryLimit, List.of("--xds-plaintext")));
    EnvoyProcess envoy = track(EnvoyProcess.launch(id + "-breakwater-envoy", operator.xdsPort,
        null));
    long[] operatorReady = {-1};
    long breakwaterSynced = awaitClusters(envoy.admin(), BREAKWATER_CLUSTERS, targeted,
        operator.startNanos(), operator::alive, () -> {
          if (operatorReady[0] < 0 && operator.ready()) {
            operatorReady[0] = System.nanoTime();
          }
        });
    report.add(services, "process start -> ready (istiod /ready, operator /readyz)",
        istiodReadyValue, coldValue(operatorReady[0], operator.startNanos()));
    report.add(services, "cold start: process start -> its Envoy has every cluster (istiod: "
            + services + ", one per Service; Breakwater: " + targeted + ", one per targeted "
            + "Service)", istiodCold, coldValue(breakwaterSynced, operator.startNanos()));
    report.add(services, "CPU time at that point (utime + stime)", istiodColdCpu,
        Value.now(cpu(operator.pid())));
    report.add(services, "RSS at that point", istiodColdRss,
        Value.now(ScaleRun.mib(ProcessUsage.rssBytes(operator.pid()))));

    int[] seen = {0, 0};
    if (istiodSynced > 0 && breakwaterSynced > 0) {
      List<Long>[] creates = timeCreates(client, rules, istioEnvoy.admin(), envoy.admin());
      report.add(services, "create -> Envoy's config_dump shows it, median / p90 / p99",
          summary(creates[0]), summary(creates[1]));
      List<Long>[] updates = timeUpdates(objects, rules, istioEnvoy.admin(), envoy.admin());
      report.add(services, "update -> Envoy's config_dump shows it, median / p90 / p99",
          summary(updates[0]), summary(updates[1]));
      seen[0] = creates[0].size() + updates[0].size();
      seen[1] = creates[1].size() + updates[1].size();
    }
    report.add(services, "RSS after the run (VmRSS)",
        Value.now(ScaleRun.mib(ProcessUsage.rssBytes(istiod.pid()))),
        Value.now(ScaleRun.mib(ProcessUsage.rssBytes(operator.pid()))));
    report.add(services, "CPU time, whole run (utime + stime since start)",
        Value.now(cpu(istiod.pid())), Value.now(cpu(operator.pid())));
    return new Outcome(services, istiodSynced > 0, breakwaterSynced > 0, 2 * operations,
        seen[0], seen[1], istiod.alive(), operator.alive());
  }

  /** {istiod's, Breakwater's} times of the creates that their Envoy showed within the limit. */
  @SuppressWarnings("unchecked")
  private List<Long>[] timeCreates(KubernetesClient client, DestinationRules rules,
      EnvoyAdmin istio, EnvoyAdmin breakwater) throws InterruptedException {
    List<Long>[] times = new List[] {new ArrayList<Long>(), new ArrayList<Long>()};
    for (int i = 0; i < operations; i++) {
      int service = i;
      int value = 2_000 + i;
      Runnable[] turns = {
          () -> time(times[0], istio, DestinationRules.cluster(service), value,
              () -> rules.create(service, value)),
          () -> time(times[1], breakwater, ScaleObjects.cluster(service), value,
              () -> client.resource(breaker(service, value)).create())};
      takeTurns(i, turns);
    }
    return times;
  }

  @SuppressWarnings("unchecked")
  private List<Long>[] timeUpdates(ScaleObjects objects, DestinationRules rules,
      EnvoyAdmin istio, EnvoyAdmin breakwater) throws InterruptedException {
    List<Long>[] times = new List[] {new ArrayList<Long>(), new ArrayList<Long>()};
    Random random = new Random(12);
    for (int i = 0; i < operations; i++) {
      int service = operations + random.nextInt(services - operations);
      int value = 3_000 + i;
      Runnable[] turns = {
          () -> time(times[0], istio, DestinationRules.cluster(service), value,
              () -> rules.setMaxConnections(service, value)),
          () -> time(times[1], breakwater, ScaleObjects.cluster(service), value,
              () -> objects.setMaxConnections(ScaleObjects.breaker(service), value))};
      takeTurns(i, turns);
    }
    return times;
  }

  /** istiod first on even operations, Breakwater first on odd ones; 300 ms apart. */
  private static void takeTurns(int operation, Runnable[] turns) throws InterruptedException {
    for (int t = 0; t < 2; t++) {
      turns[(t + operation) % 2].run();
      Thread.sleep(300); // pacing, not a wait for a condition
    }
  }

  private static void time(List<Long> into, EnvoyAdmin admin, String cluster, int value,
      Runnable write) {
    long start = System.nanoTime();
    write.run();
    long at = EnvoyClusterProbe.await(admin, cluster, value, start + OP_LIMIT.toNanos());
    if (at > 0) {
      into.add(at - start);
    }
  }

  /**
   * Polls every 100 ms until the Envoy has {@code expected} active clusters matching
   * {@code regex}; returns when (nanoTime), or -1 after the limit or when the control plane died.
   */
  private static long awaitClusters(EnvoyAdmin admin, String regex, int expected, long since,
      BooleanSupplier alive, Runnable each) {
    long[] at = {-1};
    try {
      Awaitility.await("Envoy has " + expected + " active clusters")
          .atMost(Duration.ofNanos(Math.max(1, since + START_LIMIT.toNanos() - System.nanoTime())))
          .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
          .until(() -> {
            if (!alive.getAsBoolean()) {
              return true; // the control plane died: stop waiting, at stays -1
            }
            each.run();
            if (EnvoyClusterProbe.activeCount(admin, regex, expected) >= expected) {
              at[0] = System.nanoTime();
              return true;
            }
            return false;
          });
    } catch (ConditionTimeoutException e) {
      return -1;
    }
    return at[0];
  }

  /** A CircuitBreakerPolicy of ScaleObjects' shape with {@code maxConnections} set. */
  static GenericKubernetesResource breaker(int service, int maxConnections) {
    GenericKubernetesResource r = ScaleObjects.policy(ScaleObjects.breaker(service));
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = new HashMap<>((Map<String, Object>) r.getAdditionalProperties()
        .get("spec"));
    @SuppressWarnings("unchecked")
    Map<String, Object> limits = new HashMap<>((Map<String, Object>) spec.get("limits"));
    limits.put("maxConnections", maxConnections);
    spec.put("limits", limits);
    r.setAdditionalProperty("spec", spec);
    return r;
  }

  private Value summary(List<Long> nanos) {
    Percentiles p = new Percentiles(nanos);
    String text = p.count() == 0 ? "none seen"
        : "%s / %s / %s ms".formatted(Percentiles.fmt(p.ms(50)), Percentiles.fmt(p.ms(90)),
            Percentiles.fmt(p.ms(99)));
    return Value.now(text + " (" + p.count() + " of " + operations + ")");
  }

  private static Value coldValue(long at, long since) {
    return Value.now(at < 0 ? "not within " + START_LIMIT.toMinutes() + " min"
        : ScaleRun.seconds(at - since));
  }

  private static String cpu(long pid) {
    return String.format("%.1f s", ProcessUsage.cpuSeconds(pid));
  }

  private static void parallel(int threads, int count, java.util.function.IntConsumer work)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        futures.add(pool.submit(() -> work.accept(index)));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
