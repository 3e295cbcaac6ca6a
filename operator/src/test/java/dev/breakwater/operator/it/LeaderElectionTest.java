package dev.breakwater.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breakwater.operator.BreakwaterOperator;
import dev.breakwater.operator.OperatorConfig;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas with leader election on a real API server: one takes the Lease and is ready, the
 * other stands by not ready (so a Service routes Envoy to the leader only); closing the leader
 * hands the Lease over without exiting the JVM.
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
  void oneReplicaLeadsAndIsReadyTheOtherTakesOverWhenItStops() {
    BreakwaterOperator first = replica();
    BreakwaterOperator second = replica();
    try {
      await("one leader ready").atMost(Duration.ofSeconds(30))
          .until(() -> first.isReady() || second.isReady());
      BreakwaterOperator leader = first.isReady() ? first : second;
      BreakwaterOperator standby = leader == first ? second : first;
      await("standby stays not ready").during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(10)).until(() -> !standby.isReady());
      Lease lease = client.leases().inNamespace("le").withName("bw-test").get();
      assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
      String firstHolder = lease.getSpec().getHolderIdentity();

      leader.close();

      await("standby takes over").atMost(Duration.ofSeconds(40)).until(standby::isReady);
      assertThat(client.leases().inNamespace("le").withName("bw-test").get().getSpec()
          .getHolderIdentity()).isNotEqualTo(firstHolder);
    } finally {
      first.close();
      second.close();
    }
  }
}
