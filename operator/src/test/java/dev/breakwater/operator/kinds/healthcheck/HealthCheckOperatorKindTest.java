package dev.breakwater.operator.kinds.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakwater.crds.v1alpha1.EndpointEntry;
import dev.breakwater.crds.v1alpha1.HealthCheckStatus;
import dev.breakwater.operator.kinds.StatusInputs;
import dev.breakwater.operator.stats.StatNames;
import dev.breakwater.operator.stats.StatsView;
import dev.breakwater.operator.status.EndpointCheckResult;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.model.PolicyMeta;
import dev.breakwater.xds.model.PolicyTarget;
import dev.breakwater.xds.policies.healthcheck.HealthCheckKind;
import dev.breakwater.xds.policies.healthcheck.HealthCheckSettings;
import dev.breakwater.xds.translate.PolicyCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** From Envoy's stats and the operator's checks to the HealthCheck's status and condition. */
class HealthCheckOperatorKindTest {
  private static final String C = "shop/api/80";
  private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
  private static final Policy POLICY = new Policy(
      new PolicyMeta(HealthCheckKind.NAME, "shop", "hc", 1, null),
      PolicyTarget.service("api", 80), new HealthCheckSettings(
          new HealthCheckSettings.Http("/health", List.of(200)), null, null,
          Duration.ofSeconds(1), Duration.ofMillis(500), 2, 3, true, null, null));

  private final HealthCheckOperatorKind kind = new HealthCheckOperatorKind();
  private final Map<String, List<Double>> gauges = new HashMap<>();
  private final Map<String, List<StatsView.Increase>> increases = new HashMap<>();

  private StatsView view() {
    return new StatsView(gauges, Map.of(), increases, NOW);
  }

  @Test
  void perEndpointHealthGivesTheCountsTheEntriesAndTheCondition() {
    // membership says 1 unhealthy (the worst proxy); per endpoint, two proxies disagree on two
    gauges.put(StatNames.cluster(C, StatNames.MEMBERSHIP_HEALTHY), List.of(2.0, 2.0));
    gauges.put(StatNames.cluster(C, StatNames.MEMBERSHIP_TOTAL), List.of(3.0, 3.0));
    gauges.put(EndpointHealthStats.name(C, "10.0.0.1:8080"), List.of(1.0, 1.0));
    gauges.put(EndpointHealthStats.name(C, "10.0.0.2:8080"), List.of(0.0, 1.0));
    gauges.put(EndpointHealthStats.name(C, "10.0.0.3:8080"), List.of(1.0, 0.0));
    var live = kind.liveState(POLICY, List.of(C), view()).orElseThrow();
    var inputs = new StatusInputs(POLICY, true, live, List.of(), 2,
        Map.of("10.0.0.2:8080", new EndpointCheckResult(false, "404", NOW),
            "10.0.0.3:8080", new EndpointCheckResult(false, "503", NOW)), Set.of(), null, NOW);

    var status = (HealthCheckStatus) kind.status(inputs);
    List<PolicyCondition> conditions = kind.conditions(inputs, status);

    assertThat(status.getState()).isEqualTo("Degraded");
    assertThat(status.getEndpoints().getHealthy()).isEqualTo(1);
    assertThat(status.getEndpoints().getUnhealthy()).isEqualTo(2);
    assertThat(status.getEndpoints().getTotal()).isEqualTo(3);
    assertThat(status.getEndpoints().getEntries()).extracting(EndpointEntry::getAddress,
            EndpointEntry::getHealthy, e -> e.getLastFailure() == null ? null
                : e.getLastFailure().getResult())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("10.0.0.2:8080", false, "404"),
            org.assertj.core.groups.Tuple.tuple("10.0.0.3:8080", false, "503"),
            org.assertj.core.groups.Tuple.tuple("10.0.0.1:8080", true, null));
    assertThat(kind.conditionTypes()).containsExactly("EndpointsHealthy");
    assertThat(conditions).singleElement().satisfies(c -> {
      assertThat(c.type()).isEqualTo("EndpointsHealthy");
      assertThat(c.message()).isEqualTo("2 of 3 endpoints fail GET /health (operator's own"
          + " check: 404 ×1, 503 ×1); Envoy sends them no traffic");
    });
  }

  @Test
  void panicRoutingIsReadFromEnvoysCounter() {
    gauges.put(EndpointHealthStats.name(C, "10.0.0.1:8080"), List.of(0.0));
    gauges.put(EndpointHealthStats.name(C, "10.0.0.2:8080"), List.of(1.0));
    increases.put(StatNames.cluster(C, HealthCheckOperatorKind.LB_HEALTHY_PANIC),
        List.of(new StatsView.Increase(NOW.minusSeconds(3), 12)));

    var live = (HealthLiveState) kind.liveState(POLICY, List.of(C), view()).orElseThrow();

    assertThat(live.panicRouting()).isTrue();
    increases.put(StatNames.cluster(C, HealthCheckOperatorKind.LB_HEALTHY_PANIC), List.of(
        new StatsView.Increase(NOW.minus(HealthCheckOperatorKind.RECENT).minusSeconds(1), 12)));
    assertThat(((HealthLiveState) kind.liveState(POLICY, List.of(C), view()).orElseThrow())
        .panicRouting()).isFalse();
  }

  @Test
  void withoutPerEndpointReportsTheMembershipCountsStandAndNoEntriesAreListed() {
    gauges.put(StatNames.cluster(C, StatNames.MEMBERSHIP_HEALTHY), List.of(3.0, 2.0));
    gauges.put(StatNames.cluster(C, StatNames.MEMBERSHIP_TOTAL), List.of(3.0, 3.0));
    var live = kind.liveState(POLICY, List.of(C), view()).orElseThrow();
    var inputs = new StatusInputs(POLICY, true, live, List.of(), 2, Map.of(), Set.of(), null, NOW);

    var status = (HealthCheckStatus) kind.status(inputs);

    assertThat(status.getEndpoints().getUnhealthy()).isEqualTo(1);
    assertThat(status.getEndpoints().getEntries()).isNull();
    assertThat(kind.conditions(inputs, status).get(0).message())
        .isEqualTo("1 of 3 endpoints fail GET /health; Envoy sends them no traffic");
  }
}
