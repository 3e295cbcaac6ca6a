package dev.breakwater.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.breakwater.operator.BreakwaterOperator;
import dev.breakwater.operator.Main;
import dev.breakwater.operator.OperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code breakwater proxies} with leader election: three replicas, each serving xDS to an Envoy
 * of its own. The leader lists all three Envoys, each with the replica it is connected to (the
 * standbys' from their reports) and every type SYNCED; a standby lists what it can see (its own
 * Envoy and the other standby's) and says that the leader's are missing.
 */
@ExtendWith(KubeApiServerExtension.class)
class ProxiesAcrossReplicasIT {
  private static final Duration WAIT = Duration.ofSeconds(40);
  private static final ObjectMapper JSON = new ObjectMapper();

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
  void theLeaderListsEveryProxyWithItsReplicaAndAStandbySaysWhatItMisses() throws Exception {
    String ns = Kube.createNamespace(client, "proxies");
    OperatorConfig config = OperatorConfig.forTests()
        .withListenerPort(FreePorts.next())
        .withNamespaces(Set.of(ns))
        .withCoalesceWindow(Duration.ofMillis(50))
        .withLeaderElection(true, "bw-proxies", ns);
    List<BreakwaterOperator> replicas = List.of(track(BreakwaterOperator.start(config, client)),
        track(BreakwaterOperator.start(config, client)),
        track(BreakwaterOperator.start(config, client)));
    await("all replicas ready, one leads").atMost(WAIT).until(() ->
        replicas.stream().allMatch(BreakwaterOperator::isReady)
            && replicas.stream().filter(BreakwaterOperator::isLeader).count() == 1);
    BreakwaterOperator leader = replicas.stream().filter(BreakwaterOperator::isLeader)
        .findFirst().orElseThrow();
    List<BreakwaterOperator> standbys = replicas.stream().filter(r -> r != leader).toList();
    Kube.createService(client, ns, "web", 80);
    Kube.apply(client, ns, Manifests.rateLimit("web", "web", 80, """
        limits:
        - {name: all, requests: 10, period: 1s}
        """));
    track(EnvoyProcess.start("proxies-leader-envoy", leader.xdsPort(), client, ns));
    track(EnvoyProcess.start("proxies-standby-a-envoy", standbys.get(0).xdsPort(), client,
        ns));
    track(EnvoyProcess.start("proxies-standby-b-envoy", standbys.get(1).xdsPort(), client,
        ns));
    String leaderName = answer(leader).path("replica").asText();
    String standbyA = answer(standbys.get(0)).path("replica").asText();
    String standbyB = answer(standbys.get(1)).path("replica").asText();

    await("the leader lists all three Envoys, every type SYNCED").atMost(WAIT)
        .untilAsserted(() -> {
          JsonNode answer = answer(leader);
          assertThat(nodesAndReplicas(answer)).containsExactly(
              "proxies-leader-envoy@" + leaderName,
              "proxies-standby-a-envoy@" + standbyA,
              "proxies-standby-b-envoy@" + standbyB);
          answer.path("proxies").forEach(p -> p.path("types").forEach(t ->
              assertThat(t.path("state").asText()).as(p.toString()).isEqualTo("SYNCED")));
        });
    JsonNode fromLeader = answer(leader);
    assertThat(fromLeader.path("leader").asBoolean()).isTrue();
    assertThat(fromLeader.path("complete").asBoolean()).isTrue();
    assertThat(fromLeader.path("notes")).isEmpty();

    await("a standby lists its own Envoy and the other standby's").atMost(WAIT)
        .untilAsserted(() -> assertThat(nodesAndReplicas(answer(standbys.get(0))))
            .containsExactly("proxies-standby-a-envoy@" + standbyA,
                "proxies-standby-b-envoy@" + standbyB));
    JsonNode fromStandby = answer(standbys.get(0));
    assertThat(fromStandby.path("leader").asBoolean()).isFalse();
    assertThat(fromStandby.path("complete").asBoolean()).isFalse();
    assertThat(fromStandby.path("leaderIdentity").asText()).isNotBlank();
    assertThat(fromStandby.at("/notes/0").asText()).startsWith("this replica is a standby")
        .contains(fromStandby.path("leaderIdentity").asText());
    Cli table = cli("proxies", "--server", "127.0.0.1:" + standbys.get(0).httpPort());
    assertThat(table.err()).startsWith("note: this replica is a standby");
  }

  private static List<String> nodesAndReplicas(JsonNode answer) {
    List<String> out = new ArrayList<>();
    answer.path("proxies").forEach(p -> out.add(p.path("node").asText() + "@"
        + p.path("replica").asText()));
    return out;
  }

  private static JsonNode answer(BreakwaterOperator replica) throws Exception {
    Cli run = cli("proxies", "--server", "127.0.0.1:" + replica.httpPort(), "-o", "json");
    assertThat(run.code()).as(run.err()).isZero();
    return JSON.readTree(run.out());
  }

  private record Cli(int code, String out, String err) {}

  private static Cli cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute(args);
    return new Cli(code, out.toString(), err.toString());
  }

  private <T extends AutoCloseable> T track(T closeable) {
    closeables.push(closeable);
    return closeable;
  }
}
