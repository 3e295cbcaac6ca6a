package dev.breakwater.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.Durations;
import dev.breakwater.operator.BuildInfo;
import dev.breakwater.operator.Main;
import dev.breakwater.operator.debug.ProxiesEndpoint;
import dev.breakwater.operator.debug.ProxyViews;
import dev.breakwater.operator.debug.ServedVersions;
import dev.breakwater.operator.http.HealthEndpoints;
import dev.breakwater.operator.http.JsonEndpoint;
import dev.breakwater.operator.publish.IsolatingTranslator;
import dev.breakwater.operator.publish.NodeGroups;
import dev.breakwater.operator.publish.SnapshotHistory;
import dev.breakwater.operator.publish.SnapshotPublisher;
import dev.breakwater.operator.state.ClusterStateStore;
import dev.breakwater.operator.state.PolicyEntry;
import dev.breakwater.operator.stats.MetricsSink;
import dev.breakwater.operator.stats.ProxyStatsStore;
import dev.breakwater.operator.xds.AckTracker;
import dev.breakwater.operator.xds.ScopedRoutesServer;
import dev.breakwater.operator.xds.XdsServer;
import dev.breakwater.xds.Translator;
import dev.breakwater.xds.envoy.EnvoyOptions;
import dev.breakwater.xds.model.ClusterState;
import dev.breakwater.xds.read.ObjectReader;
import dev.breakwater.xds.snapshot.SnapshotFactory;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code breakwater proxies} and {@code breakwater version --remote} against the operator's HTTP
 * port with two real Envoys, one on state-of-the-world ADS and one on delta: both listed with
 * their flavour and every type SYNCED; a config both reject shows NACKED with Envoy's message and
 * time, which stays as the last NACK once the good config is back; a stopped Envoy leaves the
 * list. /metrics meanwhile has every NACK counter from the start and no {@code *_max} series.
 * No Kubernetes involved (the replicas' side is {@code ProxiesAcrossReplicasIT} in e2e).
 */
class ProxiesWithRealEnvoyTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final List<Process> envoys = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Process envoy : envoys) {
      stopEnvoy(envoy);
    }
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  @Test
  void proxiesShowsFlavourSyncStateAndLastNackOfRealEnvoys(@TempDir Path tmp) throws Exception {
    Path envoyBinary = envoyBinary();
    assertTrue(Files.isExecutable(envoyBinary), "Envoy not provisioned at " + envoyBinary);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    SimpleCache<String> cache = new SimpleCache<>(NodeGroups.SINGLE);
    AckTracker acks = new AckTracker(registry, Clock.systemUTC());
    ScopedRoutesServer scopedRoutes = new ScopedRoutesServer(XdsServer.callbacks(acks));
    ClusterStateStore store = new ClusterStateStore();
    SnapshotPublisher publisher = track(new SnapshotPublisher(store,
        new IsolatingTranslator(new Translator(new EnvoyOptions(freePort()))),
        new SnapshotFactory(), cache, scopedRoutes, new SnapshotHistory(), registry,
        Duration.ofMillis(50), Clock.systemUTC()));
    XdsServer xds = track(new XdsServer("127.0.0.1", 0, cache, acks, scopedRoutes,
        new MetricsSink(new ProxyStatsStore(Clock.systemUTC()))).start());
    ProxiesEndpoint endpoint = new ProxiesEndpoint(new ProxyViews("replica-0",
        acks::connections, new ServedVersions(cache, scopedRoutes)), null, () -> true,
        () -> null);
    HealthEndpoints http = track(new HealthEndpoints("127.0.0.1", 0, registry)
        .route("/debug/proxies", new JsonEndpoint(endpoint::answer))
        .route("/version", new JsonEndpoint(BuildInfo::current))
        .start());
    String server = "127.0.0.1:" + http.port();

    ClusterState payments = new ObjectReader().readAll(ObjectReader
        .parseDocuments(Files.readString(Path.of("..", "examples", "payments.yaml"))));
    payments.services().forEach(store::putService);
    payments.policies().forEach(p -> store.putPolicy(PolicyEntry.valid(p)));
    publisher.start();
    await().atMost(WAIT).until(() -> publisher.latest().isPresent());

    Process sotw = startEnvoy(envoyBinary, tmp.resolve("sotw"), "gw-sotw", "GRPC", xds.port());
    Process delta = startEnvoy(envoyBinary, tmp.resolve("delta"), "gw-delta", "DELTA_GRPC",
        xds.port());

    await("both Envoys run every type served").atMost(WAIT).untilAsserted(() -> {
      JsonNode proxies = proxiesJson(server).path("proxies");
      assertThat(proxies).hasSize(2);
      for (JsonNode p : proxies) {
        for (String type : List.of("CDS", "EDS", "LDS", "RDS", "SRDS")) {
          assertThat(p.at("/types/" + type + "/state").asText()).as(p + " " + type)
              .isEqualTo("SYNCED");
        }
      }
    });
    JsonNode answer = proxiesJson(server);
    assertThat(answer.path("replica").asText()).isEqualTo("replica-0");
    assertThat(answer.path("complete").asBoolean()).isTrue();
    assertThat(answer.at("/proxies/0/node").asText()).isEqualTo("gw-delta");
    assertThat(answer.at("/proxies/0/ads").asText()).isEqualTo("delta");
    assertThat(answer.at("/proxies/1/node").asText()).isEqualTo("gw-sotw");
    assertThat(answer.at("/proxies/1/ads").asText()).isEqualTo("SotW");
    assertThat(answer.at("/proxies/1/types/CDS/acked").asText())
        .isEqualTo(answer.at("/proxies/1/types/CDS/current").asText()).isNotEmpty();
    String table = cli("proxies", "--server", server).out();
    assertThat(table.lines().toList().get(0)).matches(
        "NODE +REPLICA +ADS +CONNECTED +CDS +EDS +LDS +RDS +SRDS +LAST NACK");
    assertThat(table).containsPattern("gw-delta +replica-0 +delta +\\d+s +SYNCED +SYNCED +SYNCED"
        + " +SYNCED +SYNCED +-");
    assertThat(table).containsPattern("gw-sotw +replica-0 +SotW +\\d+s +SYNCED");

    String metrics = get("http://" + server + "/metrics");
    assertThat(metrics).contains("breakwater_xds_nacks_total{type=\"ROUTE\"} 0.0")
        .contains("breakwater_xds_snapshot_publish_seconds_count")
        .doesNotContain("_max{").doesNotContain("_max ");

    // clusters Envoy must reject: both NACK, with Envoy's message and the time
    Snapshot good = cache.getSnapshot(NodeGroups.ALL);
    cache.setSnapshot(NodeGroups.ALL, Snapshot.create(
        List.of(Cluster.newBuilder().setName("broken").setType(Cluster.DiscoveryType.STATIC)
            .setConnectTimeout(Durations.fromSeconds(-1)).build()), "broken-1",
        List.of(), good.endpoints().version(), List.of(), good.listeners().version(),
        List.of(), good.routes().version(), List.of(), "s"));
    await("both Envoys NACK the clusters").atMost(WAIT).untilAsserted(() -> {
      for (JsonNode p : proxiesJson(server).path("proxies")) {
        assertThat(p.at("/types/CDS/state").asText()).as(p.toString()).isEqualTo("NACKED");
        assertThat(p.at("/types/CDS/lastNack/version").asText()).isEqualTo("broken-1");
        assertThat(p.at("/types/CDS/lastNack/message").asText()).isNotBlank();
        assertThat(p.at("/types/CDS/lastNack/at").asText()).endsWith("Z");
      }
    });
    assertThat(cli("proxies", "--server", server).out())
        .containsPattern("gw-sotw +replica-0 +SotW +\\d+s +NACKED +SYNCED .*CDS \\d+s ago: \\S+");
    assertThat(get("http://" + server + "/metrics"))
        .containsPattern("breakwater_xds_nacks_total\\{type=\"CLUSTER\"} [1-9]");

    cache.setSnapshot(NodeGroups.ALL, good);
    await("the good clusters are served again; the NACK stays as the last one")
        .atMost(WAIT).untilAsserted(() -> {
          for (JsonNode p : proxiesJson(server).path("proxies")) {
            assertThat(p.at("/types/CDS/state").asText()).as(p.toString()).isEqualTo("SYNCED");
            assertThat(p.at("/types/CDS/lastNack/version").asText()).isEqualTo("broken-1");
          }
        });

    String version = cli("version", "--remote", "--server", server).out();
    assertThat(version).startsWith("client:   breakwater ")
        .contains("operator: " + BuildInfo.current().line());

    stopEnvoy(delta);
    await("a stopped Envoy leaves the list").atMost(WAIT).untilAsserted(() ->
        assertThat(proxiesJson(server).path("proxies")).extracting(p -> p.path("node").asText())
            .containsExactly("gw-sotw"));
    assertThat(sotw.isAlive()).isTrue();
  }

  @Test
  void anUnreachableOperatorIsOneLineAndExitOne() {
    Run run = cli("proxies", "--server", "127.0.0.1:" + closedPort());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).startsWith("error: cannot reach the operator at http://127.0.0.1:")
        .contains("port-forward").hasLineCount(1);
  }

  private JsonNode proxiesJson(String server) throws IOException {
    Run run = cli("proxies", "--server", server, "-o", "json");
    assertThat(run.code()).as(run.err()).isZero();
    return JSON.readTree(run.out());
  }

  private record Run(int code, String out, String err) {}

  private static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = Main.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int code = cmd.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private static String get(String url) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private <T extends AutoCloseable> T track(T closeable) {
    closeables.add(0, closeable);
    return closeable;
  }

  private Process startEnvoy(Path binary, Path dir, String node, String apiType, int xdsPort)
      throws IOException {
    Files.createDirectories(dir);
    String bootstrap = PlaintextBootstrap.render(node, xdsPort, apiType);
    Path config = dir.resolve("bootstrap.yaml");
    Files.writeString(config, bootstrap);
    Process p = new ProcessBuilder(binary.toString(), "-c", config.toString(),
        "--use-dynamic-base-id", "--log-level", "warn")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("envoy.log").toFile())
        .start();
    envoys.add(p);
    return p;
  }

  private static void stopEnvoy(Process envoy) throws InterruptedException {
    envoy.destroy();
    if (!envoy.waitFor(10, TimeUnit.SECONDS)) {
      envoy.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** A port nothing listens on (just released). */
  private static int closedPort() {
    try {
      return freePort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path envoyBinary() {
    String env = System.getenv("ENVOY");
    return env != null ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".cache", "breakwater", "envoy-1.36.4",
            "envoy");
  }
}
