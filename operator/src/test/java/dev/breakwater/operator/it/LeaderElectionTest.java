package dev.breakwater.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breakwater.operator.BreakwaterOperator;
import dev.breakwater.operator.OperatorConfig;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import dev.breakwater.operator.replicas.ReportObjects;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas with leader election on a real API server: both are ready (each serves xDS), one
 * takes the Lease and leads, the other writes a report of its proxies for the leader; closing the
 * leader hands the Lease over without exiting the JVM, and the new leader stops reporting.
 */
class LeaderElectionTest {

  private static RealApiServer api;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    api = RealApiServer.start();
    client = api.client();
    client.resource(new NamespaceBuilder().withNewMetadata().withName("le").endMetadata()
        .build()).create();
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
  }

  private static BreakwaterOperator replica() {
    return BreakwaterOperator.start(OperatorConfig.forTests().withNamespaces(Set.of("le"))
        .withLeaderElection(true, "bw-test", "le"), client);
  }

  @Test
  void bothReplicasServeOneLeadsAndTheOtherTakesOverWhenItStops() {
    BreakwaterOperator first = replica();
    BreakwaterOperator second = replica();
    try {
      await("both ready: every replica serves xDS").atMost(Duration.ofSeconds(30))
          .until(() -> first.isReady() && second.isReady());
      await("one leader").atMost(Duration.ofSeconds(30))
          .until(() -> first.isLeader() || second.isLeader());
      BreakwaterOperator leader = first.isLeader() ? first : second;
      BreakwaterOperator standby = leader == first ? second : first;
      await("the standby reports, the leader does not").atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(reports()).hasSize(1));
      assertThat(standby.isLeader()).isFalse();
      Lease lease = client.leases().inNamespace("le").withName("bw-test").get();
      assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
      String firstHolder = lease.getSpec().getHolderIdentity();

      leader.close();

      await("standby takes over: the Lease was given up").atMost(Duration.ofSeconds(10))
          .until(standby::isLeader);
      assertThat(client.leases().inNamespace("le").withName("bw-test").get().getSpec()
          .getHolderIdentity()).isNotEqualTo(firstHolder);
      await("the new leader removed its report").atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(reports()).isEmpty());
      assertThat(standby.isReady()).isTrue();
    } finally {
      first.close();
      second.close();
    }
  }

  private static List<ConfigMap> reports() {
    return client.configMaps().inNamespace("le")
        .withLabel(ReportObjects.LABEL, "bw-test").list().getItems();
  }
}
