package dev.breakwater.operator.kinds.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakwater.operator.kinds.OperatorKinds;
import dev.breakwater.operator.stats.StatsView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointHealthStatsTest {
  private static final String C = "shop/api/80";

  @Test
  void readsEnvoysAddressNotationBack() {
    assertThat(EndpointHealthStats.address("10.244.1.7_8080")).isEqualTo("10.244.1.7:8080");
    assertThat(EndpointHealthStats.address("[fd00__7]_8080")).isEqualTo("[fd00::7]:8080");
    assertThat(EndpointHealthStats.name(C, "10.244.1.7:8080"))
        .isEqualTo("cluster.shop/api/80.endpoint.10.244.1.7_8080.healthy");
  }

  @Test
  void anEndpointIsUnhealthyWhenAnyProxyReportsItSo() {
    StatsView view = new StatsView(Map.of(
        EndpointHealthStats.name(C, "10.0.0.1:8080"), List.of(1.0, 1.0),
        EndpointHealthStats.name(C, "10.0.0.2:8080"), List.of(1.0, 0.0),
        // another cluster whose name starts the same is not this one
        EndpointHealthStats.name(C + "0", "10.0.0.3:8080"), List.of(0.0)),
        Map.of(), Map.of(), Instant.EPOCH);

    assertThat(EndpointHealthStats.read(List.of(C), view)).containsExactly(
        new EndpointHealth(C, "10.0.0.1:8080", true),
        new EndpointHealth(C, "10.0.0.2:8080", false));
  }

  @Test
  void theSinksKeepPerEndpointHealthButNotTheClustersHealthCheckGauge() {
    assertThat(OperatorKinds.keep("cluster.shop/api/80.endpoint.10.0.0.1_8080.healthy"))
        .isNotNull();
    assertThat(OperatorKinds.keep("cluster.shop/api/80.endpoint.10.0.0.1_8080.rq_total")).isNull();
    assertThat(OperatorKinds.keep("cluster.shop/api/80.health_check.healthy")).isNull();
    assertThat(OperatorKinds.keep("cluster.shop/api/80.lb_healthy_panic")).isNotNull();
  }
}
