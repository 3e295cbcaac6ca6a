package dev.breakwater.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakwater.e2e.AppliedPolicy;
import dev.breakwater.e2e.Kube;
import dev.breakwater.e2e.LoadClient;
import dev.breakwater.e2e.LoadGenerator;
import dev.breakwater.e2e.LoadReport;
import dev.breakwater.e2e.Manifests;
import dev.breakwater.e2e.TestBed;
import dev.breakwater.e2e.helm.Chart;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chart's HA shape on a real node, with two operator and two gateway replicas and the
 * chart's default drain and budgets: a gateway rollout while clients keep sending through the
 * gateway Service fails no request (each stopping Envoy drains: Connection: close, then the
 * Service moves clients to the other pod); {@code kubectl drain} of the node (Breakwater's pods:
 * it is the only node, and the test's backend has no budget of its own) evicts one operator and
 * one gateway pod and is refused the last of each by their PodDisruptionBudgets, while the
 * remaining gateway keeps serving every request and the remaining operator keeps serving xDS and
 * writing status. Runs after {@code OperatorRolloutIT} (alphabetical order): it leaves the
 * release with two replicas of each.
 */
@ExtendWith(ChartOnNodeExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PodDisruptionIT {
  private static final Logger LOG = LoggerFactory.getLogger(PodDisruptionIT.class);
  private static final String RELEASE_PODS =
      "app.kubernetes.io/name=breakwater,app.kubernetes.io/instance=" + ChartOnNode.RELEASE;
  private static final int CLIENTS = 4;
  private static final double RPS = 10;
  private static ChartOnNode chart;
  private static KubernetesClient client;
  private static Gateway gateway;
  private static String namespace;
  private static BusyboxBackend backend;
  private static AppliedPolicy policy;

  @BeforeAll
  static void twoReplicasOfEach(ChartOnNode installed) {
    chart = installed;
    client = chart.client();
    gateway = new Gateway(chart);
    namespace = Kube.createNamespace(client, "disruption");
    backend = BusyboxBackend.deploy(client, namespace, "steady", 2,
        chart.node().value("BUSYBOX_IMAGE"));
    Kube.apply(client, namespace, roomyLimit(1000));
    Chart.helm().upgrade().withName(ChartOnNode.RELEASE).withNamespace(ChartOnNode.NAMESPACE)
        .withKubeConfig(chart.node().kubeconfig()).reuseValues().set("replicaCount", 2)
        .set("gateway.replicaCount", 2).call();
    await("two operator and two gateway pods Ready").atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> rolledOut(ChartOnNode.FULLNAME, 2) && rolledOut(ChartOnNode.GATEWAY, 2));
    policy = new AppliedPolicy(client, namespace, AppliedPolicy.RATE_LIMIT, "steady");
    awaitProgrammedOn(2);
    gateway.awaitRouted(backend.host(), BusyboxBackend.APP);
  }

  @Test
  @Order(1)
  void gatewayRolloutUnderLoadFailsNoRequest() {
    List<String> before = names(pods("gateway"));
    LoadGenerator.Run load = startLoad();
    Instant restarted = Instant.now();

    client.apps().deployments().inNamespace(ChartOnNode.NAMESPACE).withName(ChartOnNode.GATEWAY)
        .rolling().restart();
    Map<String, Instant> gone = new HashMap<>();
    await("the gateway rolled: two new pods Ready, the old ones gone")
        .atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250)).until(() -> {
          List<Pod> all = client.pods().inNamespace(ChartOnNode.NAMESPACE)
              .withLabel("app.kubernetes.io/component", "gateway").list().getItems();
          Set<String> present = all.stream().map(p -> p.getMetadata().getName())
              .collect(Collectors.toSet());
          before.stream().filter(n -> !present.contains(n))
              .forEach(n -> gone.putIfAbsent(n, Instant.now()));
          return gone.size() == before.size() && rolledOut(ChartOnNode.GATEWAY, 2);
        });
    Duration lastGone = Duration.between(restarted, gone.values().stream()
        .max(Instant::compareTo).orElseThrow());
    Duration afterRollout = load.elapsed();
    await("traffic on the new pods for 3 s").atMost(Duration.ofSeconds(10))
        .until(() -> load.elapsed().minus(afterRollout).toMillis() >= 3000);
    load.stop();
    LoadReport report = load.await();
    LOG.info("gateway rolled under load: old pods gone {} ms after the restart; {}",
        lastGone.toMillis(), report);

    assertThat(report.statusCounts()).as("every request answered 200 during the rollout")
        .containsOnlyKeys(200);
    assertThat(report.total()).isGreaterThan((long) (CLIENTS * RPS * 10));
    assertThat(report.count(report.startedAfter(afterRollout))).as("served by the new pods")
        .isPositive();
    assertThat(names(pods("gateway"))).doesNotContainAnyElementsOf(before);
    // each old pod drained before it stopped: preStop waits drain.seconds + 5 = 20 s
    assertThat(lastGone).isGreaterThan(Duration.ofSeconds(20));
  }

  @Test
  @Order(2)
  void drainingTheNodeKeepsOneOperatorAndOneGatewayServing() throws Exception {
    String node = client.nodes().list().getItems().get(0).getMetadata().getName();
    LoadGenerator.Run load = startLoad();
    Process drain = kubectl(TestBed.workDir("cluster").resolve("drain.log"), "drain", node,
        "--pod-selector=" + RELEASE_PODS, "--ignore-daemonsets", "--delete-emptydir-data",
        "--timeout=50s");
    try {
      await("one operator and one gateway pod left Ready, their replacements Pending")
          .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
              readyAndPending("operator") && readyAndPending("gateway"));
      assertThat(disruptionsAllowed(ChartOnNode.FULLNAME)).isZero();
      assertThat(disruptionsAllowed(ChartOnNode.GATEWAY)).isZero();

      // the remaining operator serves xDS and writes status (taking the Lease if it must)
      Kube.apply(client, namespace, roomyLimit(999));
      awaitProgrammedOn(1);

      assertThat(drain.waitFor(90, TimeUnit.SECONDS)).as("kubectl drain gave up").isTrue();
      String output = Files.readString(TestBed.workDir("cluster").resolve("drain.log"));
      LOG.info("kubectl drain exited {}:\n{}", drain.exitValue(), output);
      assertThat(drain.exitValue()).as("drain refused: %s", output).isNotZero();
      assertThat(output).contains("Cannot evict pod as it would violate the pod's disruption"
          + " budget");
      assertThat(readyAndPending("operator") && readyAndPending("gateway"))
          .as("the last operator and gateway pods were never evicted").isTrue();
    } finally {
      drain.destroy();
      kubectl(TestBed.workDir("cluster").resolve("uncordon.log"), "uncordon", node)
          .waitFor(60, TimeUnit.SECONDS);
    }
    load.stop();
    LoadReport report = load.await();
    LOG.info("node drained under load: {}", report);
    assertThat(report.statusCounts()).as("every request answered 200 during the drain")
        .containsOnlyKeys(200);
    assertThat(report.total()).isGreaterThan((long) (CLIENTS * RPS * 20));

    await("uncordoned: two of each Ready again").atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> rolledOut(ChartOnNode.FULLNAME, 2) && rolledOut(ChartOnNode.GATEWAY, 2));
  }

  private static LoadGenerator.Run startLoad() {
    List<LoadClient> clients = IntStream.range(0, CLIENTS)
        .mapToObj(i -> LoadClient.paced("c" + i, backend.host(), BusyboxBackend.APP, RPS))
        .toList();
    return gateway.load(Gateway.POD_HEADER).start(clients, Duration.ofMinutes(3));
  }

  private static String roomyLimit(int requests) {
    return Manifests.rateLimit("steady", "steady", BusyboxBackend.PORT, """
        limits:
        - {name: roomy, requests: %d, period: 1s}
        """.formatted(requests));
  }

  /** Programmed on {@code proxies} gateway pods, for the policy's current generation. */
  private static void awaitProgrammedOn(int proxies) {
    String summary = proxies + "/" + proxies;
    policy.awaitUntil("Programmed=True, proxies " + summary, Duration.ofSeconds(60), p -> {
      JsonNode programmed = AppliedPolicy.conditionOf(p, "Programmed");
      return "True".equals(programmed.path("status").asText())
          && programmed.path("observedGeneration").asLong() == p.at("/metadata/generation")
              .asLong()
          && summary.equals(p.at("/status/proxies/summary").asText());
    });
  }

  private static List<Pod> pods(String component) {
    return client.pods().inNamespace(ChartOnNode.NAMESPACE)
        .withLabel("app.kubernetes.io/component", component).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
  }

  private static List<String> names(List<Pod> pods) {
    return pods.stream().map(p -> p.getMetadata().getName()).sorted().toList();
  }

  /** Exactly one pod of the component Ready, and its evicted twin's replacement Pending. */
  private static boolean readyAndPending(String component) {
    List<Pod> pods = pods(component);
    long ready = pods.stream().filter(BusyboxBackend::ready).count();
    long pending = pods.stream().filter(p -> "Pending".equals(p.getStatus().getPhase())).count();
    return ready == 1 && pending == 1;
  }

  private static int disruptionsAllowed(String budget) {
    var pdb = client.policy().v1().podDisruptionBudget().inNamespace(ChartOnNode.NAMESPACE)
        .withName(budget).get();
    return pdb.getStatus().getDisruptionsAllowed();
  }

  private static boolean rolledOut(String deployment, int replicas) {
    Deployment d = client.apps().deployments().inNamespace(ChartOnNode.NAMESPACE)
        .withName(deployment).get();
    var s = d.getStatus();
    String component = deployment.equals(ChartOnNode.GATEWAY) ? "gateway" : "operator";
    return s != null && d.getMetadata().getGeneration().equals(s.getObservedGeneration())
        && Integer.valueOf(replicas).equals(s.getUpdatedReplicas())
        && Integer.valueOf(replicas).equals(s.getReadyReplicas())
        && Integer.valueOf(replicas).equals(s.getReplicas())
        && client.pods().inNamespace(ChartOnNode.NAMESPACE)
            .withLabel("app.kubernetes.io/component", component).list().getItems().size()
            == replicas;
  }

  /** The test bed's kubectl on the node's kubeconfig, output to {@code log}. */
  private static Process kubectl(Path log, String... args) throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of(TestBed.get().kubectl().toString(),
        "--kubeconfig=" + chart.node().kubeconfig()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
  }
}
