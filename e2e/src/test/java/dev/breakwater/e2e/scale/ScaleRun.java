package dev.breakwater.e2e.scale;

import static org.awaitility.Awaitility.await;

import dev.breakwater.e2e.EnvoyProcess;
import dev.breakwater.e2e.StoppableApiServer;
import dev.breakwater.operator.tls.XdsTlsConfig;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One size of the scale benchmark, start to end, on an API server of its own: create the objects,
 * start the operator jar, connect the synthetic proxies and the real Envoys, then measure the
 * initial sync, one-policy changes one at a time, churn, bytes, and the operator's memory.
 * Numbers go to the report; what must hold whatever the machine's load (every proxy got every
 * change, every policy became Programmed) is returned for the test to assert.
 */
final class ScaleRun {
  private static final Duration SYNC_LIMIT = Duration.ofMinutes(20);
  private static final Duration CHANGE_LIMIT = Duration.ofSeconds(120);

  /** What the run saw, for assertions. */
  record Outcome(int policies, int programmedAtStart, int changes, int changesComplete,
      int churnChanges, int churnComplete, boolean operatorAlive) {}

  private final ScaleSettings settings;
  private final ScaleSettings.Size size;
  private final ScaleReport report;
  private final String label;
  private final Started started = new Started();

  ScaleRun(ScaleSettings settings, ScaleSettings.Size size, ScaleReport report) {
    this.settings = settings;
    this.size = size;
    this.report = report;
    this.label = size.toString();
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
    StoppableApiServer api = track(StoppableApiServer.start("scale-" + size.id()));
    KubernetesClient client = api.client();
    client.resource(new NamespaceBuilder().withNewMetadata()
        .withName(BenchOperator.SECRET_NAMESPACE).endMetadata().build()).create();
    ScaleObjects objects = new ScaleObjects(client, size.services(), size.policies());
    long created = System.nanoTime();
    objects.create(16);
    report.add(label, "objects created (Services + EndpointSlices + policies, 16 writers)",
        seconds(System.nanoTime() - created));

    int proxies = settings.totalProxies();
    StatusWatch status = track(new StatusWatch(client, kinds(), proxies));
    BenchOperator operator = track(new BenchOperator("scale-" + size.id() + "-operator",
        api.kubeconfig(), settings.memoryLimit(), List.of()));
    await("operator ready (log: " + operator.log() + ")").atMost(SYNC_LIMIT)
        .pollInterval(Duration.ofMillis(100)).failFast("operator exited", () -> !operator.alive())
        .until(operator::ready);
    long ready = System.nanoTime();
    report.add(label, "operator start until ready (informers listed, first snapshot)",
        seconds(ready - operator.startNanos()));

    Map<String, String> ca = secret(client, XdsTlsConfig.DEFAULT_CA_SECRET);
    ProxyFleet fleet = track(new ProxyFleet(settings.syntheticProxies(), operator.xdsPort,
        ca.get("tls.crt"), ca.get("tls.key"), ca.get("ca.crt")).start());
    List<EnvoyProcess> envoys = new ArrayList<>();
    for (int i = 0; i < settings.envoys(); i++) {
      envoys.add(track(EnvoyProcess.start("scale-" + size.id() + "-envoy-" + i,
          operator.xdsPort, client, BenchOperator.SECRET_NAMESPACE)));
    }
    await("every synthetic proxy has every cluster, endpoint and route configuration")
        .atMost(SYNC_LIMIT).pollInterval(Duration.ofMillis(100))
        .failFast("operator exited", () -> !operator.alive())
        .failFast("a proxy stream failed", () -> fleet.failure() != null)
        .until(() -> fleet.proxies().stream().allMatch(p -> p.clusterCount() >= size.services()
            && p.endpointCount() >= size.services() && p.routeCount() >= size.services()));
    report.add(label, "operator ready until every proxy has the full config",
        seconds(System.nanoTime() - ready));
    boolean allProgrammed = awaitQuietly(SYNC_LIMIT, operator,
        () -> status.programmedNow() >= size.policies());
    int programmedAtStart = status.programmedNow();
    report.add(label, "initial sync: operator start until every policy Programmed "
            + proxies + "/" + proxies,
        allProgrammed ? seconds(status.lastProgrammedNanos() - operator.startNanos())
            : "not within " + SYNC_LIMIT.toMinutes() + " min (" + programmedAtStart + " of "
                + size.policies() + ")");
    report.add(label, "status writes seen during the initial sync",
        Long.toString(status.statusWrites()));

    int[] single = singleChanges(objects, operator, fleet, envoys, status);
    int[] churn = churn(operator, objects, fleet, status);
    memory(operator);
    return new Outcome(size.policies(), programmedAtStart, single[0], single[1], churn[0],
        churn[1], operator.alive());
  }

  private List<String> kinds() {
    return ScaleObjects.KINDS.subList(0,
        Math.min(ScaleObjects.KINDS.size(), (size.policies() + size.services() - 1)
            / size.services()));
  }

  /** {changes, changes every proxy ACKed and that turned Programmed}. */
  private int[] singleChanges(ScaleObjects objects, BenchOperator operator, ProxyFleet fleet,
      List<EnvoyProcess> envoys, StatusWatch status) throws Exception {
    String before = operator.metrics();
    long sotwBytes = fleet.totalBytes("SotW");
    long deltaBytes = fleet.totalBytes("delta");
    long writes = status.statusWrites();
    Random random = new Random(12);
    List<Long> slowestSynthetic = new ArrayList<>();
    List<Long> everyProxy = new ArrayList<>();
    List<Long> slowestEnvoy = new ArrayList<>();
    List<Long> programmed = new ArrayList<>();
    int complete = 0;
    ExecutorService pollers = Executors.newFixedThreadPool(Math.max(1, envoys.size()));
    try {
      for (int i = 0; i < settings.changes(); i++) {
        int service = random.nextInt(size.services());
        int value = 1_000 + i;
        ScaleObjects.PolicyRef breaker = ScaleObjects.breaker(service);
        long start = System.nanoTime();
        ClusterChange change = new ClusterChange(ScaleObjects.cluster(service), value, start);
        fleet.watch(change);
        long gen = objects.setMaxConnections(breaker, value);
        long deadline = start + CHANGE_LIMIT.toNanos();
        List<Future<Long>> envoyTimes = new ArrayList<>();
        for (EnvoyProcess envoy : envoys) {
          envoyTimes.add(pollers.submit(() -> EnvoyClusterProbe.await(envoy.admin(),
              change.cluster, value, deadline)));
        }
        String key = StatusWatch.key(breaker.kind(), breaker.namespace(), breaker.name());
        boolean done = awaitQuietly(CHANGE_LIMIT, operator,
            () -> change.ackedCount() == fleet.proxies().size()
                && status.programmedAt(key, gen) != null);
        fleet.unwatch(change);
        long envoySlowest = 0;
        boolean envoysDone = true;
        for (Future<Long> f : envoyTimes) {
          long at = f.get();
          envoysDone &= at > 0;
          envoySlowest = Math.max(envoySlowest, at - start);
        }
        Map<String, Long> latencies = change.latencies();
        everyProxy.addAll(latencies.values());
        if (!latencies.isEmpty()) {
          slowestSynthetic.add(Collections.max(latencies.values()));
        }
        if (envoysDone && !envoys.isEmpty()) {
          slowestEnvoy.add(envoySlowest);
        }
        Long programmedAt = status.programmedAt(key, gen);
        if (programmedAt != null) {
          programmed.add(programmedAt - start);
        }
        if (done && envoysDone) {
          complete++;
        }
        Thread.sleep(300); // pacing between changes, not a wait for a condition
      }
    } finally {
      pollers.shutdownNow();
    }
    String after = operator.metrics();
    int n = settings.changes();
    report.add(label, "one-policy change -> slowest synthetic proxy ACKed, p50 / p99 / max ("
        + n + " changes; " + complete + " complete)", new Percentiles(slowestSynthetic).summary());
    report.add(label, "one-policy change -> each synthetic proxy ACKed, p50 / p99 / max",
        new Percentiles(everyProxy).summary());
    report.add(label, "one-policy change -> slowest real Envoy's config_dump shows it, "
        + "p50 / p99 / max", new Percentiles(slowestEnvoy).summary());
    report.add(label, "one-policy change -> Programmed " + settings.totalProxies() + "/"
        + settings.totalProxies() + " for its generation, p50 / p99 / max",
        new Percentiles(programmed).summary());
    int sotw = fleet.count("SotW");
    int delta = fleet.count("delta");
    report.add(label, "xDS bytes per change per proxy, state of the world (" + sotw + ")",
        kib((double) (fleet.totalBytes("SotW") - sotwBytes) / n / Math.max(1, sotw)));
    report.add(label, "xDS bytes per change per proxy, delta (" + delta + ")",
        kib((double) (fleet.totalBytes("delta") - deltaBytes) / n / Math.max(1, delta)));
    report.add(label, "status writes per change (all policies)",
        String.format("%.2f", (double) (status.statusWrites() - writes) / n));
    publishTimes(before, after);
    return new int[] {n, complete};
  }

  private void publishTimes(String before, String after) {
    double count = BenchOperator.sum(after, "breakwater_xds_snapshot_publish_seconds_count")
        - BenchOperator.sum(before, "breakwater_xds_snapshot_publish_seconds_count");
    double sum = BenchOperator.sum(after, "breakwater_xds_snapshot_publish_seconds_sum")
        - BenchOperator.sum(before, "breakwater_xds_snapshot_publish_seconds_sum");
    report.add(label, "publish (translate + snapshot + hand to the cache), mean of "
        + (long) count + " publishes", count == 0 ? "n/a" : ms(sum / count * 1000));
    double tCount = BenchOperator.sum(after, "breakwater_xds_translation_seconds_count")
        - BenchOperator.sum(before, "breakwater_xds_translation_seconds_count");
    double tSum = BenchOperator.sum(after, "breakwater_xds_translation_seconds_sum")
        - BenchOperator.sum(before, "breakwater_xds_translation_seconds_sum");
    if (tCount > 0) {
      report.add(label, "translation alone (store view -> versioned snapshot), mean of "
          + (long) tCount, ms(tSum / tCount * 1000));
    }
  }

  /** {changes offered, changes complete}. */
  private int[] churn(BenchOperator operator, ScaleObjects objects, ProxyFleet fleet,
      StatusWatch status) throws Exception {
    int total = (int) (settings.churnRate() * settings.churn().toSeconds());
    List<Integer> services = new ArrayList<>();
    for (int s = 0; s < size.services(); s++) {
      services.add(s);
    }
    Collections.shuffle(services, new Random(34));
    List<ClusterChange> changes = Collections.synchronizedList(new ArrayList<>());
    List<String> keys = Collections.synchronizedList(new ArrayList<>());
    List<Long> generations = Collections.synchronizedList(new ArrayList<>());
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    ExecutorService writers = Executors.newFixedThreadPool(4);
    long periodNanos = 1_000_000_000L / settings.churnRate();
    long first = System.nanoTime();
    for (int i = 0; i < total; i++) {
      int index = i;
      long at = first + i * periodNanos;
      ticker.schedule(() -> writers.submit(() -> {
        int service = services.get(index % services.size());
        ClusterChange change = new ClusterChange(ScaleObjects.cluster(service),
            50_000 + index, at);
        fleet.watch(change);
        ScaleObjects.PolicyRef breaker = ScaleObjects.breaker(service);
        long gen = objects.setMaxConnections(breaker, 50_000 + index);
        synchronized (changes) {
          changes.add(change);
          keys.add(StatusWatch.key(breaker.kind(), breaker.namespace(), breaker.name()));
          generations.add(gen);
        }
        return null;
      }), Math.max(0, at - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
    ticker.shutdown();
    ticker.awaitTermination(settings.churn().toSeconds() + 60, TimeUnit.SECONDS);
    writers.shutdown();
    writers.awaitTermination(60, TimeUnit.SECONDS);
    awaitQuietly(CHANGE_LIMIT, operator, () -> {
      synchronized (changes) {
        for (int i = 0; i < changes.size(); i++) {
          if (changes.get(i).ackedCount() < fleet.proxies().size()
              || status.programmedAt(keys.get(i), generations.get(i)) == null) {
            return false;
          }
        }
        return true;
      }
    });
    List<Long> slowest = new ArrayList<>();
    List<Long> programmed = new ArrayList<>();
    int complete = 0;
    synchronized (changes) {
      changes.forEach(fleet::unwatch);
      for (int i = 0; i < changes.size(); i++) {
        ClusterChange c = changes.get(i);
        Map<String, Long> latencies = c.latencies();
        Long p = status.programmedAt(keys.get(i), generations.get(i));
        slowest.add(latencies.size() == fleet.proxies().size()
            ? Collections.max(latencies.values()) : Long.MAX_VALUE);
        programmed.add(p == null ? Long.MAX_VALUE : p - c.startNanos);
        if (latencies.size() == fleet.proxies().size() && p != null) {
          complete++;
        }
      }
    }
    String rate = settings.churnRate() + " changes/s for " + settings.churn().toSeconds() + " s";
    report.add(label, "churn " + rate + ": slowest proxy ACKed, p50 / p99 / max ("
        + complete + " of " + total + " complete)", new Percentiles(finite(slowest)).summary());
    report.add(label, "churn: Programmed for its generation, p50 / p99 / max",
        new Percentiles(finite(programmed)).summary());
    int third = Math.max(1, slowest.size() / 3);
    if (slowest.size() >= 3) {
      report.add(label, "churn backlog: slowest proxy ACKed, median of first third vs last third",
          Percentiles.fmt(new Percentiles(slowest.subList(0, third)).ms(50)) + " vs "
              + Percentiles.fmt(new Percentiles(slowest.subList(slowest.size() - third,
                  slowest.size())).ms(50)) + " ms");
      report.add(label, "churn backlog: Programmed, median of first third vs last third",
          Percentiles.fmt(new Percentiles(programmed.subList(0, third)).ms(50)) + " vs "
              + Percentiles.fmt(new Percentiles(programmed.subList(programmed.size() - third,
                  programmed.size())).ms(50)) + " ms");
    }
    return new int[] {total, complete};
  }

  private void memory(BenchOperator operator) {
    if (!operator.alive()) {
      report.add(label, "operator", "DIED (see " + operator.log() + ")");
      return;
    }
    String metrics = operator.metrics();
    report.add(label, "/metrics size", kib(metrics.length()) + " ("
        + metrics.lines().filter(l -> !l.startsWith("#")).count() + " series)");
    long live = operator.liveHeapBytes();
    report.add(label, "operator live heap after a full GC / max heap",
        mib(live) + " / " + mib(operator.maxHeapBytes()));
    report.add(label, "operator RSS", mib(operator.rssBytes()));
    report.add(label, "operator CPU time since its start", seconds(operator.cpu().toNanos()));
  }

  private static List<Long> finite(List<Long> values) {
    return values.stream().filter(v -> v != Long.MAX_VALUE).toList();
  }

  /** Waits for {@code condition}; false after {@code limit} (the report says so, not a throw). */
  private static boolean awaitQuietly(Duration limit, BenchOperator operator,
      java.util.concurrent.Callable<Boolean> condition) {
    try {
      await().atMost(limit).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
          .failFast("operator exited", () -> !operator.alive())
          .until(condition);
      return true;
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      return false;
    }
  }

  private static Map<String, String> secret(KubernetesClient client, String name) {
    Secret[] found = new Secret[1];
    await("Secret " + name).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> (found[0] = client.secrets().inNamespace(BenchOperator.SECRET_NAMESPACE)
            .withName(name).get()) != null);
    Map<String, String> out = new java.util.HashMap<>();
    found[0].getData().forEach((k, v) -> out.put(k,
        new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    return out;
  }

  static String seconds(long nanos) {
    return String.format("%.1f s", nanos / 1e9);
  }

  static String ms(double ms) {
    return Percentiles.fmt(ms) + " ms";
  }

  static String kib(double bytes) {
    return String.format("%,.1f KiB", bytes / 1024);
  }

  static String mib(long bytes) {
    return String.format("%,.0f MiB", bytes / 1048576.0);
  }
}
