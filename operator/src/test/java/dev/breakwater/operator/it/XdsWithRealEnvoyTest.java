package dev.breakwater.operator.it;

import dev.breakwater.operator.xds.ScopedRoutesServer;
import dev.breakwater.operator.xds.XdsType;
import dev.breakwater.operator.kinds.OperatorKinds;
import dev.breakwater.operator.kinds.circuitbreaker.BreakerLiveState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.Durations;
import dev.breakwater.operator.publish.IsolatingTranslator;
import dev.breakwater.operator.publish.NodeGroups;
import dev.breakwater.operator.publish.TranslatedPolicy;
import dev.breakwater.operator.publish.Published;
import dev.breakwater.operator.publish.SnapshotHistory;
import dev.breakwater.operator.publish.SnapshotPublisher;
import dev.breakwater.operator.state.ClusterStateStore;
import dev.breakwater.operator.state.PolicyEntry;
import dev.breakwater.operator.state.PolicyKey;
import dev.breakwater.operator.stats.LiveState;
import dev.breakwater.operator.stats.MetricsSink;
import dev.breakwater.operator.stats.ProxyStatsStore;
import dev.breakwater.operator.xds.AckTracker;
import dev.breakwater.operator.xds.ProgrammedEvaluator;
import dev.breakwater.operator.xds.RolloutTracker;
import dev.breakwater.operator.xds.XdsServer;
import dev.breakwater.xds.read.ObjectReader;
import dev.breakwater.xds.policies.circuitbreaker.CircuitBreakerSettings;
import dev.breakwater.xds.model.ClusterState;
import dev.breakwater.xds.model.EndpointSliceModel;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.policies.circuitbreaker.CircuitBreakerPolicyKind;
import dev.breakwater.xds.model.PolicyMeta;
import dev.breakwater.xds.snapshot.SnapshotFactory;
import dev.breakwater.xds.Translator;
import dev.breakwater.xds.envoy.EnvoyOptions;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The xDS side against a real Envoy, state-of-the-world and delta: ACKs make a policy
 * Programmed (again after an update), a config Envoy rejects is recorded as a NACK with Envoy's
 * message, and the metrics_service sink feeds the live state. No Kubernetes involved.
 */
class XdsWithRealEnvoyTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final PolicyKey BREAKER =
      new PolicyKey(CircuitBreakerPolicyKind.NAME, "default", "payments");

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private Process envoy;

  @AfterEach
  void stop() throws Exception {
    if (envoy != null) {
      envoy.destroy();
      if (!envoy.waitFor(10, TimeUnit.SECONDS)) {
        envoy.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  @ParameterizedTest(name = "api_type {0}")
  @ValueSource(strings = {"GRPC", "DELTA_GRPC"})
  void acksNacksAndStatsFromARealEnvoy(String apiType, @TempDir Path tmp) throws Exception {
    Path envoyBinary = envoyBinary();
    assertTrue(Files.isExecutable(envoyBinary), "Envoy not provisioned at " + envoyBinary);

    ClusterStateStore store = new ClusterStateStore();
    SnapshotHistory history = new SnapshotHistory();
    SimpleCache<String> cache = new SimpleCache<>(NodeGroups.SINGLE);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AckTracker acks = new AckTracker(registry);
    ScopedRoutesServer scopedRoutes = new ScopedRoutesServer(XdsServer.callbacks(acks));
    SnapshotPublisher publisher = new SnapshotPublisher(store,
        new IsolatingTranslator(new Translator(new EnvoyOptions(freePort()))),
        new SnapshotFactory(), cache, scopedRoutes, history, registry, Duration.ofMillis(50),
        Clock.systemUTC());
    closeables.add(publisher);
    RolloutTracker rollouts = new RolloutTracker();
    publisher.onPublished(rollouts::onPublished);
    List<Published> published = new CopyOnWriteArrayList<>();
    publisher.onPublished(published::add);
    ProxyStatsStore stats = new ProxyStatsStore(Clock.systemUTC());
    XdsServer xds = new XdsServer("127.0.0.1", 0, cache, acks, scopedRoutes,
        new MetricsSink(stats)).start();
    closeables.add(xds);
    ProgrammedEvaluator programmed = new ProgrammedEvaluator(history);

    ClusterState payments = new ObjectReader().readAll(ObjectReader
        .parseDocuments(Files.readString(Path.of("..", "examples", "payments.yaml"))));
    payments.services().forEach(store::putService);
    payments.policies().forEach(p -> store.putPolicy(PolicyEntry.valid(p)));
    store.putEndpointSlice(new EndpointSliceModel("default", "payments-1", "payments",
        List.of(new EndpointSliceModel.Port("http", freePort(), "TCP", null)),
        List.of(new EndpointSliceModel.Endpoint(List.of("127.0.0.1"), true, true, false))));
    publisher.start();
    await().atMost(WAIT).until(() -> !published.isEmpty());

    envoy = startEnvoy(envoyBinary, tmp, apiType, xds.port());

    await("Envoy ACKs the first snapshot").atMost(WAIT).until(() ->
        programmed.evaluate(true, rollouts.introducedAt(BREAKER), acks.proxies())
            .programmed() == 1);
    var first = programmed.evaluate(true, rollouts.introducedAt(BREAKER), acks.proxies());
    assertThat(first.condition().status().name()).isEqualTo("True");
    assertThat(acks.proxies()).singleElement()
        .satisfies(p -> assertThat(p.nodeId()).isEqualTo("envoy-" + apiType.toLowerCase()))
        .satisfies(p -> assertThat(p.subscribed()).contains(XdsType.CLUSTER,
            XdsType.ENDPOINT, XdsType.LISTENER, XdsType.ROUTE, XdsType.SCOPED_ROUTE));

    // an update of the policy is Programmed only once Envoy ACKed the version carrying it
    Policy cb = payments.policies().stream()
        .filter(p -> p.kind().equals(CircuitBreakerPolicyKind.NAME)).findFirst().orElseThrow();
    CircuitBreakerSettings spec = (CircuitBreakerSettings) cb.spec();
    store.putPolicy(PolicyEntry.valid(new Policy(new PolicyMeta(cb.kind(),
        cb.meta().namespace(), cb.meta().name(), 2, cb.meta().creationTimestamp()),
        cb.targetRef(), new CircuitBreakerSettings(spec.mode(), 9, spec.gatewayFailureThreshold(),
            spec.failureRate(), spec.monitoringPeriod(), spec.resetTimeout(),
            spec.maxResetTimeout(), spec.maxOpenEndpointsPercent(), spec.panicThreshold(),
            spec.fallback(), spec.limits()))));
    await().atMost(WAIT).until(() -> published.size() >= 2
        && published.get(published.size() - 1).policy(BREAKER).map(TranslatedPolicy::generation)
            .orElse(0L) == 2);
    long introduced = rollouts.introducedAt(BREAKER);
    assertThat(introduced).isGreaterThan(1);
    await("Envoy ACKs generation 2").atMost(WAIT).until(() ->
        programmed.evaluate(true, introduced, acks.proxies()).programmed() == 1);
    // and runs it: the updated cluster leaves warming at once, though its ClusterLoadAssignment
    // is not sent again (55-220 ms measured, state of the world and delta alike), not at Envoy's
    // 15 s initial fetch timeout
    long updated = System.nanoTime();
    await("Envoy's active cluster has generation 2").atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> activeClusters(tmp).contains("\"consecutive_5xx\": 9"));
    assertThat(Duration.ofNanos(System.nanoTime() - updated))
        .as("updated cluster active, well before Envoy's 15 s initial fetch timeout")
        .isLessThan(Duration.ofSeconds(8));

    // stats flushed every 2s over the metrics service
    Policy breaker = published.get(published.size() - 1).policy(BREAKER).orElseThrow().policy();
    List<String> clusters = published.get(published.size() - 1).policy(BREAKER).orElseThrow()
        .clusters();
    await("live state from Envoy's stats").atMost(WAIT).until(() ->
        OperatorKinds.of(CircuitBreakerPolicyKind.NAME).liveState(breaker, clusters, stats.view())
            .map(l -> ((BreakerLiveState) l).totalEndpoints() == 1).orElse(false));
    assertThat(OperatorKinds.of(CircuitBreakerPolicyKind.NAME).liveState(breaker, clusters, stats.view()).orElseThrow()
        .state()).isEqualTo("Closed");

    // a snapshot Envoy must reject: the NACK is recorded with Envoy's message
    Snapshot good = cache.getSnapshot(NodeGroups.ALL);
    cache.setSnapshot(NodeGroups.ALL, Snapshot.create(
        List.of(Cluster.newBuilder().setName("broken").setType(Cluster.DiscoveryType.STATIC)
            .setConnectTimeout(Durations.fromSeconds(-1)).build()), "broken-1",
        List.of(), good.endpoints().version(), List.of(), good.listeners().version(),
        List.of(), good.routes().version(), List.of(), "s"));
    await("Envoy NACKs the broken clusters").atMost(WAIT).until(() ->
        acks.proxies().get(0).nacks().containsKey(XdsType.CLUSTER));
    var nack = acks.proxies().get(0).nacks().get(XdsType.CLUSTER);
    assertThat(nack.version()).isEqualTo("broken-1");
    assertThat(nack.message()).isNotBlank();
    assertThat(registry.get("breakwater.xds.nacks").tag("type", "CLUSTER").counter().count())
        .isGreaterThanOrEqualTo(1);
  }

  private static Process startEnvoy(Path binary, Path dir, String apiType, int xdsPort)
      throws IOException {
    String bootstrap = PlaintextBootstrap.render("envoy-" + apiType.toLowerCase(), xdsPort,
        apiType);
    Path config = dir.resolve("bootstrap.yaml");
    Files.writeString(config, bootstrap);
    return new ProcessBuilder(binary.toString(), "-c", config.toString(),
        "--use-dynamic-base-id", "--log-level", "warn",
        "--admin-address-path", dir.resolve("admin-address").toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("envoy.log").toFile())
        .start();
  }

  /** Envoy's active clusters from its admin config_dump ("" until it answers). */
  private static String activeClusters(Path dir) {
    try {
      Path file = dir.resolve("admin-address");
      if (!Files.exists(file)) {
        return "";
      }
      String address = Files.readString(file).trim();
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://"
              + address + "/config_dump?resource=dynamic_active_clusters")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Path envoyBinary() {
    String env = System.getenv("ENVOY");
    return env != null ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".cache", "breakwater", "envoy-1.36.4",
            "envoy");
  }
}
