package dev.breakwater.operator.kinds.timeout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakwater.crds.v1alpha1.TimeoutPolicyStatus;
import dev.breakwater.operator.kinds.LatestLiveState;
import dev.breakwater.operator.stats.StatNames;
import dev.breakwater.operator.stats.StatsView;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.model.PolicyMeta;
import dev.breakwater.xds.model.PolicyTarget;
import dev.breakwater.xds.policies.timeout.TimeoutPolicyKind;
import dev.breakwater.xds.policies.timeout.TimeoutSettings;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TimeoutPolicy's live state, status block and series from its clusters' stats. */
class TimeoutOperatorKindTest {
  private static final String C = "shop/orders/8080";
  private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");
  private static final Policy POLICY = new Policy(
      new PolicyMeta(TimeoutPolicyKind.NAME, "shop", "orders", 1, null),
      PolicyTarget.service("orders", 8080),
      new TimeoutSettings(Duration.ofSeconds(15), Duration.ofMinutes(5), Duration.ofSeconds(2)));

  private final TimeoutOperatorKind kind = new TimeoutOperatorKind();
  private final Map<String, List<Double>> gauges = new HashMap<>();
  private final Map<String, Double> totals = new HashMap<>();
  private final Map<String, List<StatsView.Increase>> increases = new HashMap<>();

  private StatsView view() {
    return new StatsView(gauges, totals, increases, NOW);
  }

  private void counter(String stat, double total, Duration ago) {
    totals.put(StatNames.cluster(C, stat), total);
    increases.put(StatNames.cluster(C, stat),
        List.of(new StatsView.Increase(NOW.minus(ago), total)));
  }

  @Test
  void timingOutWhileRequestOrConnectTimeoutsGrewLately() {
    gauges.put(StatNames.cluster(C, StatNames.MEMBERSHIP_TOTAL), List.of(1.0));
    counter(TimeoutOperatorKind.REQUEST_TIMEOUTS, 4, Duration.ofMinutes(1));
    counter(TimeoutOperatorKind.CONNECT_TIMEOUTS, 2, Duration.ofSeconds(2));

    var live = kind.liveState(POLICY, List.of(C), view()).orElseThrow();

    assertThat(live).isEqualTo(new TimeoutLiveState("TimingOut", 4, 2));
    TimeoutPolicyStatus status = (TimeoutPolicyStatus) kind.status(live, List.of(), 1);
    assertThat(status.getTimeouts().getRequestTimeouts()).isEqualTo(4);
    assertThat(status.getTimeouts().getConnectTimeouts()).isEqualTo(2);
  }

  @Test
  void idleWithoutRecentTimeoutsAndEmptyWhileNoProxyReportsTheCluster() {
    assertThat(kind.liveState(POLICY, List.of(C), view())).isEmpty();
    gauges.put(StatNames.cluster(C, StatNames.MEMBERSHIP_TOTAL), List.of(1.0));
    counter(TimeoutOperatorKind.REQUEST_TIMEOUTS, 4, Duration.ofMinutes(1));

    assertThat(kind.liveState(POLICY, List.of(C), view()).orElseThrow().state())
        .isEqualTo("Idle");
  }

  @Test
  void seriesCarryTheCountersAndTheTimingOutGauge() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    LatestLiveState latest = new LatestLiveState();
    kind.meters(registry, Tags.of("kind", "TimeoutPolicy", "namespace", "shop", "name", "orders"),
        latest);
    latest.set(new TimeoutLiveState("TimingOut", 4, 2));

    String tags = "{kind=\"TimeoutPolicy\",name=\"orders\",namespace=\"shop\"}";
    assertThat(registry.scrape())
        .contains("breakwater_timeout_request_timeouts_total" + tags + " 4.0")
        .contains("breakwater_timeout_connect_timeouts_total" + tags + " 2.0")
        .contains("breakwater_timeout_timing_out" + tags + " 1.0");
  }
}
