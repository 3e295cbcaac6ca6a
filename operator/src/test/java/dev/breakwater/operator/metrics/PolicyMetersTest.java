package dev.breakwater.operator.metrics;

import dev.breakwater.operator.kinds.healthcheck.HealthLiveState;
import dev.breakwater.operator.kinds.ratelimit.RateLimitLiveState;
import dev.breakwater.operator.kinds.circuitbreaker.BreakerLiveState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.breakwater.operator.state.PolicyKey;
import dev.breakwater.xds.policies.ratelimit.RateLimitPolicyKind;
import dev.breakwater.xds.policies.circuitbreaker.CircuitBreakerPolicyKind;
import dev.breakwater.xds.policies.healthcheck.HealthCheckKind;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyMetersTest {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final PolicyMeters meters = new PolicyMeters(registry);

  private final PolicyKey cb = new PolicyKey(CircuitBreakerPolicyKind.NAME, "shop", "cb");
  private final PolicyKey rl = new PolicyKey(RateLimitPolicyKind.NAME, "shop", "rl");
  private final PolicyKey hc = new PolicyKey(HealthCheckKind.NAME, "shop", "hc");

  @Test
  void eventfulPoliciesGetTheirKindsSeriesAndPoliciesNotReadyTheirState() {
    meters.record(cb, true, true, 2, new BreakerLiveState("PartiallyOpen", 1, 3, null, 7, 2, 0));
    meters.record(rl, true, false, 1, new RateLimitLiveState("Limiting", 12, 30));
    meters.record(hc, false, false, 0, new HealthLiveState("Degraded", 2, 1, 3));

    String scrape = registry.scrape();

    assertThat(scrape)
        .contains("breakwater_circuit_breaker_open_endpoints{kind=\"CircuitBreakerPolicy\","
            + "name=\"cb\",policy_namespace=\"shop\"} 1.0")
        .contains("breakwater_circuit_breaker_overflow_requests_total{kind=\"CircuitBreakerPolicy\","
            + "name=\"cb\",policy_namespace=\"shop\"} 7.0")
        .contains("breakwater_ratelimit_limited_requests_total{kind=\"RateLimitPolicy\","
            + "name=\"rl\",policy_namespace=\"shop\"} 12.0")
        .contains("breakwater_ratelimit_allowed_requests_total{kind=\"RateLimitPolicy\","
            + "name=\"rl\",policy_namespace=\"shop\"} 30.0")
        .contains("breakwater_healthcheck_healthy_endpoints{kind=\"HealthCheck\",name=\"hc\","
            + "policy_namespace=\"shop\"} 2.0")
        .contains("breakwater_policy_accepted{kind=\"HealthCheck\",name=\"hc\","
            + "policy_namespace=\"shop\"} 0.0")
        .contains("breakwater_proxies_programmed{kind=\"RateLimitPolicy\",name=\"rl\","
            + "policy_namespace=\"shop\"} 1.0")
        // the breaker is Ready: its state is in the count, not in a series of its own
        .doesNotContain("breakwater_proxies_programmed{kind=\"CircuitBreakerPolicy\"")
        .contains("breakwater_policies{accepted=\"true\",kind=\"CircuitBreakerPolicy\","
            + "policy_namespace=\"shop\",programmed=\"true\"} 1.0")
        .contains("breakwater_policies{accepted=\"false\",kind=\"HealthCheck\","
            + "policy_namespace=\"shop\",programmed=\"false\"} 1.0");
  }

  @Test
  void aQuietReadyPolicyHasNoSeriesOfItsOwnAndIsCounted() {
    meters.record(cb, true, false, 0, new BreakerLiveState("Closed", 0, 3, 0, 0, 0, 0));
    assertThat(registry.scrape()).contains("breakwater_policy_programmed{kind="
        + "\"CircuitBreakerPolicy\",name=\"cb\",policy_namespace=\"shop\"} 0.0");

    meters.record(cb, true, true, 2, new BreakerLiveState("Closed", 0, 3, 0, 0, 0, 0));

    String scrape = registry.scrape();
    assertThat(scrape).doesNotContain("name=\"cb\"")
        .contains("breakwater_policies{accepted=\"true\",kind=\"CircuitBreakerPolicy\","
            + "policy_namespace=\"shop\",programmed=\"true\"} 1.0")
        .doesNotContain("programmed=\"false\"");
  }

  @Test
  void aCounterOnceShownStaysAndNeverGoesDownAndSeriesGoAwayWithThePolicy() {
    meters.record(rl, true, true, 1, new RateLimitLiveState("Limiting", 12, 30));
    meters.record(rl, true, true, 1, new RateLimitLiveState("Idle", 5, 30));
    meters.record(rl, true, true, 1, new RateLimitLiveState("Idle", 0, 0));
    assertThat(registry.scrape()).contains("breakwater_ratelimit_limited_requests_total{"
        + "kind=\"RateLimitPolicy\",name=\"rl\",policy_namespace=\"shop\"} 12.0");

    meters.retainOnly(Set.of());

    assertThat(registry.scrape()).doesNotContain("name=\"rl\"")
        .doesNotContain("breakwater_policies{");
  }

  @Test
  void tenThousandQuietReadyPoliciesScrapeInAFewKilobytes() {
    Set<PolicyKey> keys = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      PolicyKey key = new PolicyKey(CircuitBreakerPolicyKind.NAME, "bench", "cb-" + i);
      keys.add(key);
      meters.record(key, true, true, 100, new BreakerLiveState("Closed", 0, 2, 0, 0, 0, 0));
    }
    meters.retainOnly(keys);
    meters.counted(100);

    assertThat(registry.scrape().length()).isLessThan(4_096);
    assertThat(registry.scrape()).contains("breakwater_proxies_counted 100.0");
    assertThat(registry.scrape()).contains("breakwater_policies{accepted=\"true\","
        + "kind=\"CircuitBreakerPolicy\",policy_namespace=\"bench\",programmed=\"true\"} "
        + "10000.0");
  }
}
