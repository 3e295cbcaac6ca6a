package dev.breakwater.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakwater.operator.tls.XdsTlsConfig;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 11, items 2 and 3: the operator rides out its API server. Started (after a SIGKILL)
 * while the API server is down, it waits 90 s without exiting, serving TLS from the CA's mounted
 * copy (its Envoy reconnects and keeps its config) and, once the API server answers, serves and
 * counts its Envoy again; the API server stopped for 60 s under load changes nothing
 * anyone sees: no request fails, the operator stays ready and serving, reports the API as
 * unreachable meanwhile, and status is right afterwards. Each test runs its own API server, which
 * it stops and starts.
 */
class ApiServerOutageIT {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServerOutageIT.class);
  private static final Duration WAIT = Duration.ofSeconds(90);

  private static StoppableApiServer api;
  private static KubernetesClient client;
  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

  @BeforeAll
  static void startApiServer() {
    api = StoppableApiServer.start("outage");
    client = api.client();
  }

  @AfterAll
  static void stopApiServer() {
    if (api != null) {
      api.close();
    }
  }

  @AfterEach
  void stop() throws Exception {
    api.startApiServer();
    while (!closeables.isEmpty()) {
      closeables.pop().close();
    }
  }

  @Test
  void anOperatorStartedWithoutItsApiServerWaitsThenServesAndCountsItsEnvoyAgain() {
    Setup s = setUp("outage-start");
    s.operator.kill();
    api.stopApiServer();
    s.operator.start();

    await("the operator waits 90 s for its API server, alive and live").during(
            Duration.ofSeconds(90)).atMost(Duration.ofSeconds(100))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> s.operator.alive() && s.operator.status("/healthz") == 200);
    assertThat(s.operator.status("/readyz")).as("nothing to serve yet").isEqualTo(503);
    assertThat(s.operator.log()).contains("waiting for the Kubernetes API server");
    // the CA's mounted copy let it serve TLS meanwhile: its Envoy is back, running its config
    assertThat(s.operator.metric("breakwater_proxies_connected", Map.of())).hasValue(1);

    api.startApiServer();
    long back = System.nanoTime();
    await("ready").atMost(WAIT).pollInterval(Duration.ofMillis(200))
        .until(() -> s.operator.status("/readyz") == 200);
    long ready = System.nanoTime();
    await("every policy programmed again, as the new process computes it").atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> s.operator.metric("breakwater_proxies_counted", Map.of()).orElse(0) == 1
            && s.operator.policiesProgrammed() == s.policies.size());
    for (AppliedPolicy p : s.policies) {
      awaitProgrammed(p);
    }
    LOG.info("started without its API server: ready {} ms and every policy programmed {} ms "
        + "after the API server came back", (ready - back) / 1_000_000,
        (System.nanoTime() - back) / 1_000_000);
    s.finish();
  }

  @Test
  void theApiServerStoppedForAMinuteUnderLoadChangesNothingAnyoneSees() {
    Setup s = setUp("outage-run");
    api.stopApiServer();
    await("the API is reported unreachable").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> s.operator.metric("breakwater_kubernetes_api_reachable", Map.of())
            .orElse(1) == 0);
    await("a minute without the API server: alive, ready, serving").during(
            Duration.ofSeconds(60)).atMost(Duration.ofSeconds(70))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> s.operator.alive() && s.operator.status("/readyz") == 200
            && s.operator.metric("breakwater_proxies_connected", Map.of()).orElse(0) == 1);

    api.startApiServer();
    long back = System.nanoTime();
    await("the API is reported reachable again").atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> s.operator.metric("breakwater_kubernetes_api_reachable", Map.of())
            .orElse(0) == 1);
    long watching = System.nanoTime();
    // status is right afterwards: a change made now is served and reported
    Kube.apply(client, s.namespace, Manifests.rateLimit("limit", "api", 80,
        "limits: [{name: all, requests: 2000, period: 1s}]"));
    s.policies.forEach(ApiServerOutageIT::awaitProgrammed);
    LOG.info("API server stopped 60 s under load: watching again {} ms after it came back, a "
        + "change programmed {} ms after that", (watching - back) / 1_000_000,
        (System.nanoTime() - watching) / 1_000_000);
    s.finish();
  }

  @Test
  void replicasUnderLeaderElectionOutliveTheirLeaseAndOneLeadsAgain() {
    String ns = Kube.createNamespace(client, "outage-lease");
    Upstream upstream = track(Upstream.start("outage-lease"));
    Kube.createBackend(client, ns, "api", 80, List.of(upstream));
    Kube.apply(client, ns, Manifests.rateLimit("limit", "api", 80,
        "limits: [{name: all, requests: 1000, period: 1s}]"));
    int listener = FreePorts.next();
    List<OperatorJar> replicas = new java.util.ArrayList<>();
    List<Integer> xdsPorts = new java.util.ArrayList<>();
    for (String pod : List.of("lease-a", "lease-b")) {
      int xds = FreePorts.next();
      int http = FreePorts.next();
      xdsPorts.add(xds);
      replicas.add(track(new OperatorJar("outage-" + pod, http, List.of("--xds-port=" + xds,
          "--http-port=" + http, "--listener-port=" + listener, "--bind-address=127.0.0.1",
          "--namespaces=" + ns, "--coalesce-window-ms=50", "--xds-secret-namespace=" + ns,
          "--leader-election", "--lease-name=bw-outage", "--lease-namespace=" + ns),
          Map.of("KUBECONFIG", api.kubeconfig().toString(), "POD_NAME", pod)).start()));
      await(pod + " ready").atMost(WAIT).pollInterval(Duration.ofMillis(200))
          .until(() -> replicas.get(replicas.size() - 1).status("/readyz") == 200);
    }
    EnvoyProcess envoy = track(EnvoyProcess.start("outage-lease-envoy", xdsPorts.get(0), client,
        ns));
    AppliedPolicy limit = new AppliedPolicy(client, ns, AppliedPolicy.RATE_LIMIT, "limit");
    awaitProgrammed(limit);
    LoadGenerator.Run load = new LoadGenerator(listener)
        .start(List.of(LoadClient.paced("c", "api." + ns, "/", 20)), Duration.ofSeconds(200));

    api.stopApiServer();
    // three renew deadlines without the API server: the leader cannot keep its Lease
    await("both replicas outlive their Lease, ready and serving").during(Duration.ofSeconds(30))
        .atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1))
        .until(() -> replicas.stream().allMatch(r -> r.alive() && r.status("/readyz") == 200));
    assertThat(replicas.stream().filter(r -> r.metric("breakwater_leader", Map.of())
        .orElse(0) == 1)).as("nobody writes status without a Lease").isEmpty();

    api.startApiServer();
    long back = System.nanoTime();
    await("a replica leads again").atMost(WAIT).pollInterval(Duration.ofMillis(500))
        .until(() -> replicas.stream().filter(r -> r.metric("breakwater_leader", Map.of())
            .orElse(0) == 1).count() == 1);
    Kube.apply(client, ns, Manifests.rateLimit("limit", "api", 80,
        "limits: [{name: all, requests: 2000, period: 1s}]"));
    awaitProgrammed(limit);
    LOG.info("leader election through a 30 s outage: a leader and a change programmed {} ms "
        + "after the API server came back", (System.nanoTime() - back) / 1_000_000);
    assertThat(replicas.stream().map(OperatorJar::log).filter(l -> l.contains("stepped down")))
        .as("the leader stepped down instead of exiting").hasSize(1);
    load.stop();
    LoadReport report = load.await();
    assertThat(report.statusCounts()).containsOnlyKeys(200);
    assertThat(replicas).allMatch(OperatorJar::alive);
    assertThat(envoy.alive()).isTrue();
  }

  /** A namespace, a Service, two policies, the operator as a process and an Envoy, under load. */
  private Setup setUp(String name) {
    String ns = Kube.createNamespace(client, name);
    int xds = FreePorts.next();
    int http = FreePorts.next();
    int listener = FreePorts.next();
    Upstream upstream = track(Upstream.start(name));
    Kube.createBackend(client, ns, "api", 80, List.of(upstream));
    Kube.apply(client, ns, Manifests.rateLimit("limit", "api", 80,
        "limits: [{name: all, requests: 1000, period: 1s}]"));
    Kube.apply(client, ns, Manifests.circuitBreaker("breaker", "api", 80,
        "limits: {maxRequests: 1000}"));
    Path caMount = TestBed.workDir(name).resolve("xds-ca");
    OperatorJar operator = track(new OperatorJar(name, http, List.of("--xds-port=" + xds,
        "--http-port=" + http, "--listener-port=" + listener, "--bind-address=127.0.0.1",
        "--namespaces=" + ns, "--coalesce-window-ms=50", "--stats-status-interval-ms=1000",
        "--xds-secret-namespace=" + ns, "--xds-ca-dir=" + caMount),
        Map.of("KUBECONFIG", api.kubeconfig().toString())).start());
    await("operator ready").atMost(WAIT).pollInterval(Duration.ofMillis(200))
        .failFast("operator exited", () -> !operator.alive())
        .until(() -> operator.status("/readyz") == 200);
    mountCaSecret(ns, caMount);
    EnvoyProcess envoy = track(EnvoyProcess.start(name + "-envoy", xds, client, ns));
    List<AppliedPolicy> policies = List.of(
        new AppliedPolicy(client, ns, AppliedPolicy.RATE_LIMIT, "limit"),
        new AppliedPolicy(client, ns, AppliedPolicy.CIRCUIT_BREAKER, "breaker"));
    policies.forEach(ApiServerOutageIT::awaitProgrammed);
    LoadGenerator.Run load = new LoadGenerator(listener)
        .start(List.of(LoadClient.paced("c", "api." + ns, "/", 20)), Duration.ofSeconds(400));
    return new Setup(ns, operator, envoy, envoy.pid(), policies, load);
  }

  /** What the chart's optional Secret volume gives the operator once the CA Secret exists. */
  private static void mountCaSecret(String ns, Path dir) {
    Secret ca = client.secrets().inNamespace(ns).withName(XdsTlsConfig.DEFAULT_CA_SECRET).get();
    try {
      Files.createDirectories(dir);
      for (Map.Entry<String, String> e : ca.getData().entrySet()) {
        Files.write(dir.resolve(e.getKey()), Base64.getDecoder().decode(e.getValue()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode awaitProgrammed(AppliedPolicy policy) {
    return policy.awaitUntil("Programmed=True 1/1", WAIT, p -> {
      JsonNode c = AppliedPolicy.condition(p, "Programmed");
      return "True".equals(c.path("status").asText())
          && c.path("observedGeneration").asLong() == p.at("/metadata/generation").asLong()
          && "1/1".equals(p.at("/status/proxies/summary").asText());
    });
  }

  private <T extends AutoCloseable> T track(T closeable) {
    closeables.push(closeable);
    return closeable;
  }

  private record Setup(String namespace, OperatorJar operator, EnvoyProcess envoy,
      long envoyPid, List<AppliedPolicy> policies, LoadGenerator.Run load) {

    /** Stops the load: no request failed, Envoy never restarted, the operator never exited. */
    void finish() {
      load.stop();
      LoadReport report = load.await();
      LOG.info("load through the outage: {}", report);
      assertThat(report.statusCounts()).as("requests through the outage").containsOnlyKeys(200);
      assertThat(report.total()).isGreaterThan(1000);
      assertThat(envoy.pid()).isEqualTo(envoyPid);
      assertThat(envoy.alive()).isTrue();
      assertThat(operator.alive()).isTrue();
    }
  }
}
