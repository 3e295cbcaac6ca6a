package dev.breakwater.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakwater.operator.BreakwaterOperator;
import dev.breakwater.operator.OperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three operator replicas with leader election, each serving xDS to an Envoy of its own. Only the
 * leader writes status, so what it says about a standby's Envoy (its ACKs, the requests it
 * limited) can only come from that standby's report: status counts every proxy, and the request
 * counters equal what the standby's Envoy answered. A standby that goes is no longer counted; when
 * the leader goes, a standby takes over writing status.
 */
@ExtendWith(KubeApiServerExtension.class)
class ReplicasIT {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicasIT.class);
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static KubernetesClient client;
  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

  @BeforeAll
  static void connect(KubernetesClient shared) {
    client = shared;
  }

  @AfterEach
  void stop() throws Exception {
    while (!closeables.isEmpty()) {
      closeables.pop().close();
    }
  }

  @Test
  void everyReplicaServesXdsAndTheLeaderCountsEveryProxy() {
    String ns = Kube.createNamespace(client, "replicas");
    int listenerPort = FreePorts.next();
    OperatorConfig config = OperatorConfig.forTests()
        .withListenerPort(listenerPort)
        .withNamespaces(Set.of(ns))
        .withCoalesceWindow(Duration.ofMillis(50))
        .withStatsStatusInterval(Duration.ofSeconds(1))
        .withLeaderElection(true, "bw-replicas", ns);
    List<BreakwaterOperator> replicas = List.of(track(BreakwaterOperator.start(config, client)),
        track(BreakwaterOperator.start(config, client)),
        track(BreakwaterOperator.start(config, client)));
    await("all replicas ready, one leads").atMost(WAIT).until(() ->
        replicas.stream().allMatch(BreakwaterOperator::isReady)
            && replicas.stream().filter(BreakwaterOperator::isLeader).count() == 1);
    BreakwaterOperator leader = replicas.stream().filter(BreakwaterOperator::isLeader)
        .findFirst().orElseThrow();
    List<BreakwaterOperator> standbys = replicas.stream().filter(r -> r != leader).toList();
    BreakwaterOperator standby = standbys.get(0);
    BreakwaterOperator otherStandby = standbys.get(1);

    Upstream api = track(Upstream.start("replicas-api"));
    Kube.createBackend(client, ns, "api", 80, List.of(api));
    Kube.apply(client, ns, Manifests.rateLimit("api", "api", 80, """
        limits:
        - name: all
          requests: 5
          period: 1s
        """));
    AppliedPolicy policy = new AppliedPolicy(client, ns, AppliedPolicy.RATE_LIMIT, "api");

    // Only the standby's Envoy: every ACK and every request the leader counts came by report.
    EnvoyProcess standbyEnvoy = track(EnvoyProcess.start("replicas-standby-envoy",
        standby.xdsPort(), client, ns));
    policy.awaitProgrammed();

    LoadReport load = new LoadGenerator(listenerPort).run(List.of(
        LoadClient.paced("c", "api." + ns, "/", 20)), Duration.ofSeconds(3));
    long allowed = load.count(200);
    long limited = load.count(429);
    LOG.info("through the standby's Envoy: {}", load);
    assertThat(allowed + limited).isEqualTo(load.total());
    assertThat(limited).isPositive();
    JsonNode counted = policy.awaitUntil("counters = what the standby's Envoy answered", WAIT,
        p -> p.at("/status/rateLimit/allowedRequests").asLong() == allowed
            && p.at("/status/rateLimit/limitedRequests").asLong() == limited);
    assertThat(counted.at("/status/state").asText()).isIn("Limiting", "Idle");

    // The leader's and the other standby's Envoys join: all ACKed the same content, served by
    // three replicas.
    track(EnvoyProcess.start("replicas-leader-envoy", leader.xdsPort(), client, ns));
    track(EnvoyProcess.start("replicas-other-envoy", otherStandby.xdsPort(), client,
        ns));
    JsonNode all = awaitProxies(policy, "3/3");
    LOG.info("with three Envoys: {}", all.path("status").path("proxies"));

    // A standby goes, its report with it: its Envoy is no longer counted.
    otherStandby.close();
    awaitProxies(policy, "2/2");

    // The leader goes: the remaining standby takes the Lease, stops reporting, and from then on
    // writes status itself, counting its own Envoy.
    leader.close();
    await("the standby leads").atMost(Duration.ofSeconds(40)).until(standby::isLeader);
    awaitProxies(policy, "1/1");
    assertThat(standbyEnvoy.alive()).isTrue();
    assertThat(client.configMaps().inNamespace(ns).list().getItems())
        .noneMatch(cm -> cm.getMetadata().getName().startsWith("bw-replicas-"));
  }

  private static JsonNode awaitProxies(AppliedPolicy policy, String summary) {
    return policy.awaitUntil("Programmed=True, proxies " + summary, WAIT, p ->
        summary.equals(p.at("/status/proxies/summary").asText())
            && "True".equals(policy.condition("Programmed").path("status").asText()));
  }

  private <T extends AutoCloseable> T track(T closeable) {
    closeables.push(closeable);
    return closeable;
  }
}
