package dev.breakwater.operator.kinds.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakwater.crds.v1alpha1.RetryPolicyStatus;
import dev.breakwater.operator.kinds.LatestLiveState;
import dev.breakwater.operator.stats.StatNames;
import dev.breakwater.operator.stats.StatsView;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.model.PolicyMeta;
import dev.breakwater.xds.model.PolicyTarget;
import dev.breakwater.xds.policies.retry.RetryPolicyKind;
import dev.breakwater.xds.policies.retry.RetrySettings;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RetryPolicy's live state, status block and series from its clusters' stats. */
class RetryOperatorKindTest {
  private static final String A = "shop/orders/8080";
  private static final String B = "shop/orders/9090";
  private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");
  private static final Policy POLICY = new Policy(
      new PolicyMeta(RetryPolicyKind.NAME, "shop", "orders", 1, null),
      PolicyTarget.service("orders", null),
      new RetrySettings(3, new RetrySettings.Backoff(Duration.ofMillis(100), Duration.ofSeconds(2)),
          List.of(RetrySettings.RetryOn.GatewayError), List.of(), List.of("GET"), null, false,
          null));

  private final RetryOperatorKind kind = new RetryOperatorKind();
  private final Map<String, List<Double>> gauges = new HashMap<>();
  private final Map<String, Double> totals = new HashMap<>();
  private final Map<String, List<StatsView.Increase>> increases = new HashMap<>();

  private StatsView view() {
    return new StatsView(gauges, totals, increases, NOW);
  }

  private void reported(String cluster) {
    gauges.put(StatNames.cluster(cluster, StatNames.MEMBERSHIP_TOTAL), List.of(2.0));
  }

  private void counter(String cluster, String stat, double total, Duration ago) {
    totals.put(StatNames.cluster(cluster, stat), total);
    increases.put(StatNames.cluster(cluster, stat),
        List.of(new StatsView.Increase(NOW.minus(ago), total)));
  }

  @Test
  void sumsTheClustersAndIsRetryingWhileRetriesGrewLately() {
    reported(A);
    reported(B);
    counter(A, RetryOperatorKind.RETRIES, 10, Duration.ofSeconds(3));
    counter(B, RetryOperatorKind.RETRIES, 5, Duration.ofMinutes(2));
    counter(A, RetryOperatorKind.SUCCESSES, 8, Duration.ofSeconds(3));
    counter(B, RetryOperatorKind.OVERFLOWS, 4, Duration.ofSeconds(3));
    counter(A, RetryOperatorKind.PER_TRY_TIMEOUTS, 2, Duration.ofSeconds(3));

    var live = kind.liveState(POLICY, List.of(A, B), view()).orElseThrow();

    assertThat(live).isEqualTo(new RetryLiveState("Retrying", 15, 8, 4, 2));
    RetryPolicyStatus status = (RetryPolicyStatus) kind.status(live, List.of(), 1);
    assertThat(status.getRetry().getRetries()).isEqualTo(15);
    assertThat(status.getRetry().getBudgetOverflows()).isEqualTo(4);
  }

  @Test
  void idleWhenNoRetryWithinTenSecondsAndEmptyWhileNoProxyReportsTheCluster() {
    assertThat(kind.liveState(POLICY, List.of(A), view())).isEmpty();
    reported(A);
    counter(A, RetryOperatorKind.RETRIES, 3, Duration.ofSeconds(11));

    assertThat(kind.liveState(POLICY, List.of(A), view()).orElseThrow().state())
        .isEqualTo("Idle");
  }

  @Test
  void keepsOnlyTheClusterStatsItReads() {
    assertThat(kind.keep("cluster.shop/orders/8080.upstream_rq_retry"))
        .isEqualTo("cluster.shop/orders/8080.upstream_rq_retry");
    assertThat(kind.keep("cluster.shop/orders/8080.upstream_rq_retry_limit_exceeded")).isNull();
    assertThat(kind.keep("http.ingress.upstream_rq_retry_success")).isNull();
  }

  @Test
  void seriesCarryTheCountersAndTheRetryingGauge() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    LatestLiveState latest = new LatestLiveState();
    kind.meters(registry, Tags.of("kind", "RetryPolicy", "namespace", "shop", "name", "orders"),
        latest);
    latest.set(new RetryLiveState("Retrying", 15, 8, 4, 2));

    String tags = "{kind=\"RetryPolicy\",name=\"orders\",namespace=\"shop\"}";
    assertThat(registry.scrape())
        .contains("breakwater_retry_retries_total" + tags + " 15.0")
        .contains("breakwater_retry_successes_total" + tags + " 8.0")
        .contains("breakwater_retry_budget_overflows_total" + tags + " 4.0")
        .contains("breakwater_retry_per_try_timeouts_total" + tags + " 2.0")
        .contains("breakwater_retry_retrying" + tags + " 1.0");
  }
}
