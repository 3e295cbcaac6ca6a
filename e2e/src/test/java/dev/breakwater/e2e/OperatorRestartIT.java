package dev.breakwater.e2e;

import dev.breakwater.operator.xds.XdsType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakwater.operator.replicas.ReplicaReport;
import dev.breakwater.operator.replicas.ReplicaReportCodec;
import dev.breakwater.operator.xds.ProxyState;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
 * Issue 11, item 2: status survives a SIGKILL of the operator, of a standby replica and of the
 * leader. The Envoys keep running the configuration and reconnect to the restarted process on
 * its old port; every policy is Programmed n/n again, computed by the new process itself (its
 * metrics, not only the status it found), within seconds of the reconnect, and the status never
 * flaps. Before the fix a reconnecting Envoy that held the current versions was never sent them
 * again, so no ACK reached the new process and every policy stayed Pending 0/1.
 */
class OperatorRestartIT {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorRestartIT.class);
  /** "within seconds of the proxies reconnecting", on a loaded 2-core machine. */
  private static final Duration RECOVERY = Duration.ofSeconds(10);
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static StoppableApiServer api;
  private static KubernetesClient client;
  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

  @BeforeAll
  static void startApiServer() {
    api = StoppableApiServer.start("restart");
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
    while (!closeables.isEmpty()) {
      closeables.pop().close();
    }
  }

  @Test
  void aKilledOperatorComesBackAndItsEnvoyIsProgrammedAgain() {
    String ns = Kube.createNamespace(client, "restart");
    Ports ports = new Ports();
    Upstream upstream = track(Upstream.start("restart-kill"));
    Kube.createBackend(client, ns, "api", 80, List.of(upstream));
    OperatorJar operator = track(new OperatorJar("restart-kill", ports.http,
        ports.args(ns), Map.of("KUBECONFIG", api.kubeconfig().toString())).start());
    awaitReady(operator);
    List<AppliedPolicy> policies = applyPolicies(ns);
    EnvoyProcess envoy = track(EnvoyProcess.start("restart-kill-envoy", ports.xds, client, ns));
    long envoyPid = envoy.pid();
    policies.forEach(p -> awaitProxies(p, "1/1"));
    List<String> since = transitionTimes(policies);
    LoadGenerator.Run load = new LoadGenerator(ports.listener)
        .start(List.of(LoadClient.paced("c", "api." + ns, "/", 20)), Duration.ofSeconds(120));

    operator.kill();
    long restarted = System.nanoTime();
    operator.start();
    await("the restarted operator has its Envoy back").atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> operator.metric("breakwater_proxies_connected", Map.of()).orElse(0) == 1);
    long reconnected = System.nanoTime();
    await("every policy programmed, as the new process computes it").atMost(RECOVERY)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> operator.metric("breakwater_proxies_counted", Map.of()).orElse(0) == 1
            && operator.policiesProgrammed() == policies.size());
    long programmed = System.nanoTime();
    LOG.info("kill -9 of the operator: Envoy back {} ms after the restart, every policy "
            + "programmed {} ms after that", (reconnected - restarted) / 1_000_000,
        (programmed - reconnected) / 1_000_000);

    holdsProgrammed(policies, "1/1");
    assertThat(transitionTimes(policies)).as("no status flapped").isEqualTo(since);
    load.stop();
    LoadReport report = load.await();
    assertThat(report.statusCounts()).as("requests during the restart").containsOnlyKeys(200);
    assertThat(envoy.alive()).isTrue();
    assertThat(envoy.pid()).isEqualTo(envoyPid);
  }

  @Test
  void aKilledStandbyAndAKilledLeaderComeBackAndEveryEnvoyIsCountedAgain() {
    String ns = Kube.createNamespace(client, "replicas-restart");
    Upstream upstream = track(Upstream.start("restart-replicas"));
    Kube.createBackend(client, ns, "api", 80, List.of(upstream));
    Ports a = new Ports();
    Ports b = new Ports(a.listener);
    OperatorJar first = track(replica("replica-a", a, ns).start());
    awaitReady(first);
    OperatorJar second = track(replica("replica-b", b, ns).start());
    awaitReady(second);
    List<AppliedPolicy> policies = applyPolicies(ns);
    track(EnvoyProcess.start("restart-a-envoy", a.xds, client, ns));
    track(EnvoyProcess.start("restart-b-envoy", b.xds, client, ns));
    policies.forEach(p -> awaitProxies(p, "2/2"));
    OperatorJar leader = isLeader(first) ? first : second;
    OperatorJar standby = leader == first ? second : first;
    String standbyName = leader == first ? "replica-b" : "replica-a";

    // a standby dies and comes back: its report (same pod name, same object) says its Envoy
    // runs the current versions, from the versions the Envoy names on reconnecting
    standby.kill();
    long restarted = System.nanoTime();
    standby.start();
    ReplicaReport report = awaitReport(ns, standbyName, restarted);
    LOG.info("kill -9 of a standby: its report names its Envoy's ACKs {} ms after the restart",
        (System.nanoTime() - restarted) / 1_000_000);
    assertThat(report.proxies()).singleElement().satisfies(p -> assertThat(p.acked())
        .containsKeys(XdsType.CLUSTER, XdsType.ENDPOINT, XdsType.LISTENER,
            XdsType.ROUTE, XdsType.SCOPED_ROUTE));
    holdsProgrammed(policies, "2/2");

    // the leader dies and comes back at once: once its Lease expires one of the two leads
    // (either may win it) and counts both Envoys
    leader.kill();
    restarted = System.nanoTime();
    leader.start();
    await("a replica leads").atMost(WAIT).pollInterval(Duration.ofMillis(200))
        .until(() -> isLeader(standby) || isLeader(leader));
    long leading = System.nanoTime();
    OperatorJar newLeader = isLeader(standby) ? standby : leader;
    await("every policy 2/2 as the new leader computes it").atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> newLeader.metric("breakwater_proxies_counted", Map.of()).orElse(0) == 2
            && newLeader.policiesProgrammed() == policies.size());
    LOG.info("kill -9 of the leader: {} leads {} ms after the restart, counts 2/2 {} ms after "
        + "taking over", newLeader == standby ? "the standby" : "the restarted replica",
        (leading - restarted) / 1_000_000, (System.nanoTime() - leading) / 1_000_000);
    holdsProgrammed(policies, "2/2");
  }

  private OperatorJar replica(String podName, Ports ports, String ns) {
    List<String> args = new ArrayList<>(ports.args(ns));
    args.addAll(List.of("--leader-election", "--lease-name=bw-restart",
        "--lease-namespace=" + ns));
    return new OperatorJar("restart-" + podName, ports.http, args,
        Map.of("KUBECONFIG", api.kubeconfig().toString(), "POD_NAME", podName));
  }

  private static boolean isLeader(OperatorJar replica) {
    return replica.metric("breakwater_leader", Map.of()).orElse(0) == 1;
  }

  private ReplicaReport awaitReport(String ns, String podName, long after) {
    ReplicaReport[] found = new ReplicaReport[1];
    await("the restarted standby's report names its Envoy").atMost(WAIT)
        .pollInterval(Duration.ofMillis(200)).until(() -> {
          ConfigMap map = client.configMaps().inNamespace(ns)
              .withName("bw-restart-" + podName).get();
          if (map == null || map.getBinaryData() == null) {
            return false;
          }
          ReplicaReport r = new ReplicaReportCodec().decode(
              map.getBinaryData().values().iterator().next());
          found[0] = r;
          long ageMillis = System.currentTimeMillis() - r.renewedAtMillis();
          return ageMillis < (System.nanoTime() - after) / 1_000_000
              && r.proxies().size() == 1 && r.proxies().stream()
                  .map(ProxyState::acked)
                  .allMatch(acks -> acks.size() == XdsType.values().length);
        });
    return found[0];
  }

  private static List<AppliedPolicy> applyPolicies(String ns) {
    Kube.apply(client, ns, Manifests.rateLimit("limit", "api", 80,
        "limits: [{name: all, requests: 1000, period: 1s}]"));
    Kube.apply(client, ns, Manifests.circuitBreaker("breaker", "api", 80,
        "limits: {maxRequests: 1000}"));
    return List.of(new AppliedPolicy(client, ns, AppliedPolicy.RATE_LIMIT, "limit"),
        new AppliedPolicy(client, ns, AppliedPolicy.CIRCUIT_BREAKER, "breaker"));
  }

  private static void awaitReady(OperatorJar operator) {
    await("operator ready").atMost(WAIT).pollInterval(Duration.ofMillis(200))
        .failFast("operator exited", () -> !operator.alive())
        .until(() -> operator.status("/readyz") == 200);
  }

  private static JsonNode awaitProxies(AppliedPolicy policy, String summary) {
    return policy.awaitUntil("Programmed=True, proxies " + summary, WAIT, p -> programmed(p,
        summary));
  }

  private static boolean programmed(JsonNode p, String summary) {
    JsonNode c = AppliedPolicy.condition(p, "Programmed");
    return "True".equals(c.path("status").asText())
        && c.path("observedGeneration").asLong() == p.at("/metadata/generation").asLong()
        && summary.equals(p.at("/status/proxies/summary").asText());
  }

  /** Status stays Programmed past the restarted writer's reconnect grace: not kept, computed. */
  private static void holdsProgrammed(List<AppliedPolicy> policies, String summary) {
    try {
      await("Programmed " + summary + " holds").during(Duration.ofSeconds(16))
          .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
          .until(() -> policies.stream().allMatch(p -> programmed(p.json(), summary)));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(e.getMessage() + "; last status: " + policies.stream()
          .map(p -> p.name() + " " + p.json().path("status")).toList(), e);
    }
  }

  private static List<String> transitionTimes(List<AppliedPolicy> policies) {
    return policies.stream().map(p -> p.condition("Programmed").path("lastTransitionTime")
        .asText()).toList();
  }

  private <T extends AutoCloseable> T track(T closeable) {
    closeables.push(closeable);
    return closeable;
  }

  /** One operator's ports; replicas share the listener port their Envoys get. */
  private static final class Ports {
    final int xds = FreePorts.next();
    final int http = FreePorts.next();
    final int listener;

    Ports() {
      this(FreePorts.next());
    }

    Ports(int listener) {
      this.listener = listener;
    }

    List<String> args(String ns) {
      return List.of("--xds-port=" + xds, "--http-port=" + http, "--listener-port=" + listener,
          "--bind-address=127.0.0.1", "--namespaces=" + ns, "--coalesce-window-ms=50",
          "--stats-status-interval-ms=1000", "--xds-secret-namespace=" + ns);
    }
  }
}
