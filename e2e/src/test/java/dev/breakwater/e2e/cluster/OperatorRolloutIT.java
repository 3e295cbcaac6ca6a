package dev.breakwater.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breakwater.e2e.Kube;
import dev.breakwater.e2e.LoadClient;
import dev.breakwater.e2e.LoadGenerator;
import dev.breakwater.e2e.LoadReport;
import dev.breakwater.e2e.Manifests;
import dev.breakwater.e2e.AppliedPolicy;
import dev.breakwater.e2e.helm.Chart;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's own Deployment changed under traffic, as an upgrade would: a flag change rolls
 * its pod while clients keep sending through the gateway (Envoy keeps its config while its xDS
 * stream moves to the new pod: no request may fail for any reason but a policy's); then two
 * replicas with leader election, and the leader's pod deleted: the other replica takes the
 * Lease and status is written again within seconds. Runs last in the tier (it changes the
 * release the other classes use).
 */
@ExtendWith(ChartOnNodeExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorRolloutIT {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorRolloutIT.class);
  private static ChartOnNode chart;
  private static KubernetesClient client;
  private static Gateway gateway;
  private static String ns;
  private static BusyboxBackend steady;

  @BeforeAll
  static void install(ChartOnNode installed) {
    chart = installed;
    client = chart.client();
    gateway = new Gateway(chart);
    ns = Kube.createNamespace(client, "rollout");
    steady = BusyboxBackend.deploy(client, ns, "steady", 2, chart.node().value("BUSYBOX_IMAGE"));
  }

  @Test
  @Order(1)
  void operatorRolledWithTrafficFlowingFailsNoRequest() {
    Kube.apply(client, ns, Manifests.rateLimit("steady", "steady", BusyboxBackend.PORT, """
        limits:
        - {name: roomy, requests: 1000, period: 1s}
        """));
    AppliedPolicy policy = new AppliedPolicy(client, ns, AppliedPolicy.RATE_LIMIT, "steady");
    policy.awaitProgrammed();
    gateway.awaitRouted(steady.host(), BusyboxBackend.APP);
    String before = operatorPods().get(0).getMetadata().getName();
    LoadGenerator.Run load = gateway.load(Gateway.POD_HEADER).start(List.of(
        LoadClient.paced("a", steady.host(), BusyboxBackend.APP, 10),
        LoadClient.paced("b", steady.host(), BusyboxBackend.APP, 10)), Duration.ofMinutes(3));
    Instant begin = Instant.now();

    upgrade(Map.of("operator.logLevel", "debug"));
    await("the new operator pod took over and the old one is gone")
        .atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
        .until(() -> operatorPods().stream().noneMatch(p -> p.getMetadata().getName()
            .equals(before)) && rolledOut(1));
    Duration rolled = Duration.between(begin, Instant.now());
    policy.awaitProgrammed(); // the gateway ACKed the new pod's config
    load.stop();
    LoadReport report = load.await();
    LOG.info("operator rolled in {} ms under load: {}", rolled.toMillis(), report);

    assertThat(report.total()).as("requests sent during the roll").isGreaterThan(100);
    assertThat(report.statusCounts()).as("only 200s: the roll fails no request")
        .containsOnlyKeys(200);
    assertThat(report.headerCounts(Gateway.POD_HEADER, s -> true)).hasSize(2);
    // the new pod serves xDS: a policy change reaches the gateway
    Kube.apply(client, ns, Manifests.rateLimit("steady", "steady", BusyboxBackend.PORT, """
        limits:
        - {name: roomy, requests: 2, period: 10m}
        """));
    policy.awaitProgrammed();
    List<Integer> statuses = java.util.stream.IntStream.range(0, 4)
        .mapToObj(i -> gateway.get(steady.host(), BusyboxBackend.APP).status()).toList();
    assertThat(statuses).containsExactly(200, 200, 429, 429);
  }

  @Test
  @Order(2)
  void leaderPodDeletedStatusResumesUnderTheNewLeaderWithinSeconds() {
    upgrade(Map.of("replicaCount", 2));
    await("two operator replicas Ready").atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofMillis(500)).until(() -> rolledOut(2));
    String leaseName = ChartOnNode.FULLNAME;
    await("a leader holds the Lease").atMost(Duration.ofSeconds(60))
        .until(() -> holder(leaseName) != null && !holder(leaseName).isEmpty());
    String leaderHolder = holder(leaseName);
    Pod leader = operatorPods().stream()
        .filter(p -> leaderHolder.startsWith(p.getMetadata().getName() + "-")).findFirst()
        .orElseThrow(() -> new AssertionError("no pod holds " + leaderHolder));
    AppliedPolicy policy = new AppliedPolicy(client, ns, AppliedPolicy.RATE_LIMIT, "steady");
    policy.awaitProgrammed();

    Instant deleted = Instant.now();
    client.pods().inNamespace(ChartOnNode.NAMESPACE).withName(leader.getMetadata().getName())
        .delete();
    Kube.apply(client, ns, Manifests.rateLimit("steady", "steady", BusyboxBackend.PORT, """
        limits:
        - {name: roomy, requests: 3, period: 10m}
        """));
    long generation = policy.generation();
    policy.awaitUntil("status of generation " + generation + " written by the new leader",
        Duration.ofSeconds(60), p -> p.at("/status/observedGeneration").asLong() == generation
            && "True".equals(AppliedPolicy.conditionOf(p, "Accepted").path("status").asText()));
    // the deleted pod leads until it has stopped (its grace period): it may write that status
    // itself, so the hand-over is awaited as well, and counted in the time
    await("another replica holds the Lease").atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200)).until(() -> {
          String holder = holder(leaseName);
          return holder != null && !holder.isEmpty() && !holder.equals(leaderHolder);
        });
    Duration resumed = Duration.between(deleted, Instant.now());
    String newHolder = holder(leaseName);
    LOG.info("leader {} deleted; status resumed after {} ms under {}", leaderHolder,
        resumed.toMillis(), newHolder);

    assertThat(newHolder).isNotEqualTo(leaderHolder)
        .doesNotStartWith(leader.getMetadata().getName() + "-");
    assertThat(resumed).as("status resumes within seconds").isLessThan(Duration.ofSeconds(30));
  }

  private static void upgrade(Map<String, Object> values) {
    var upgrade = Chart.helm().upgrade().withName(ChartOnNode.RELEASE)
        .withNamespace(ChartOnNode.NAMESPACE).withKubeConfig(chart.node().kubeconfig())
        .reuseValues();
    values.forEach(upgrade::set);
    upgrade.call();
  }

  private static List<Pod> operatorPods() {
    return client.pods().inNamespace(ChartOnNode.NAMESPACE)
        .withLabel("app.kubernetes.io/component", "operator").list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
  }

  private static boolean rolledOut(int replicas) {
    Deployment d = client.apps().deployments().inNamespace(ChartOnNode.NAMESPACE)
        .withName(ChartOnNode.FULLNAME).get();
    var s = d.getStatus();
    return s != null && d.getMetadata().getGeneration().equals(s.getObservedGeneration())
        && Integer.valueOf(replicas).equals(s.getUpdatedReplicas())
        && Integer.valueOf(replicas).equals(s.getReadyReplicas())
        && Integer.valueOf(replicas).equals(s.getReplicas())
        && client.pods().inNamespace(ChartOnNode.NAMESPACE)
            .withLabel("app.kubernetes.io/component", "operator").list().getItems().size()
            == replicas;
  }

  private static String holder(String lease) {
    var l = client.leases().inNamespace(ChartOnNode.NAMESPACE).withName(lease).get();
    return l == null || l.getSpec() == null ? null : l.getSpec().getHolderIdentity();
  }
}
