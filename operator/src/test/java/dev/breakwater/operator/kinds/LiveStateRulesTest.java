package dev.breakwater.operator.kinds;

import dev.breakwater.operator.stats.StatsView;
import dev.breakwater.operator.stats.StatNames;
import dev.breakwater.xds.names.EnvoyNames;
import dev.breakwater.operator.kinds.ratelimit.RateLimitOperatorKind;
import dev.breakwater.operator.kinds.circuitbreaker.CircuitBreakerOperatorKind;
import dev.breakwater.operator.kinds.healthcheck.HealthLiveState;
import dev.breakwater.operator.kinds.ratelimit.RateLimitLiveState;
import dev.breakwater.operator.kinds.circuitbreaker.BreakerLiveState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.breakwater.xds.policies.circuitbreaker.CircuitBreakerSettings;
import dev.breakwater.xds.policies.healthcheck.HealthCheckSettings;
import dev.breakwater.xds.model.PolicyMode;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.policies.ratelimit.RateLimitPolicyKind;
import dev.breakwater.xds.policies.circuitbreaker.CircuitBreakerPolicyKind;
import dev.breakwater.xds.policies.healthcheck.HealthCheckKind;
import dev.breakwater.xds.model.PolicyMeta;
import dev.breakwater.xds.policies.ratelimit.RateLimitLayout;
import dev.breakwater.xds.policies.ratelimit.RateLimitSettings;
import dev.breakwater.xds.policies.ratelimit.descriptor.Algorithm;
import dev.breakwater.xds.model.PolicyTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each kind's live-state rules over stats, as the status and the meters read them. */
class LiveStateRulesTest {

  private static final String C = "shop/api/80";
  private static final Instant NOW = Instant.parse("2025-01-01T00:10:00Z");

  private final Map<String, List<Double>> gauges = new HashMap<>();
  private final Map<String, Double> totals = new HashMap<>();
  private final Map<String, List<StatsView.Increase>> increases = new HashMap<>();

  private StatsView view() {
    return new StatsView(gauges, totals, increases, NOW);
  }

  private void gauge(String stat, Double... perProxy) {
    gauges.put(StatNames.cluster(C, stat), List.of(perProxy));
  }

  private void counter(String name, double total, Duration ago, double recent) {
    totals.put(name, total);
    increases.put(name, List.of(new StatsView.Increase(NOW.minus(ago), recent)));
  }

  private static Policy breaker(PolicyMode mode) {
    return new Policy(new PolicyMeta(CircuitBreakerPolicyKind.NAME, "shop", "cb", 1, null),
        PolicyTarget.service("api", 80), new CircuitBreakerSettings(mode, 5, null, null, null,
            Duration.ofSeconds(30), null, 50, null, null, CircuitBreakerSettings.Limits.NONE));
  }

  private static Policy rateLimit(PolicyMode mode) {
    return new Policy(new PolicyMeta(RateLimitPolicyKind.NAME, "shop", "rl", 1, null),
        PolicyTarget.service("api", 80), new RateLimitSettings(mode, false, List.of(
            new RateLimitSettings.Limit("chat", 10, Duration.ofMinutes(1), 10, null, null)), null));
  }

  private static Policy health(boolean critical) {
    return new Policy(new PolicyMeta(HealthCheckKind.NAME, "shop", "hc", 1, null),
        PolicyTarget.service("api", 80), new HealthCheckSettings(new HealthCheckSettings.Http("/h", List.of(200)),
            null, null, null, null, 2, 3, critical, null, null));
  }

  @Test
  void enforcedBreakerIsPartiallyOpenWhileSomeEndpointsAreEjected() {
    gauge(CircuitBreakerOperatorKind.EJECTIONS_ACTIVE, 0.0, 2.0);
    gauge(StatNames.MEMBERSHIP_TOTAL, 4.0, 4.0);
    counter(StatNames.cluster(C, CircuitBreakerOperatorKind.PENDING_OVERFLOW), 7, Duration.ofSeconds(1), 7);
    counter(StatNames.cluster(C, CircuitBreakerOperatorKind.RETRY_OVERFLOW), 1, Duration.ofSeconds(1), 1);

    var live = liveState(breaker(PolicyMode.Enforce), List.of(C), view()).orElseThrow();

    assertThat(live).isEqualTo(new BreakerLiveState("PartiallyOpen", 2, 4, null, 8, 0, 0));
  }

  @Test
  void enforcedBreakerIsOpenOnlyWhenEveryEndpointIsAndCountsTheRefusals() {
    gauge(CircuitBreakerOperatorKind.EJECTIONS_ACTIVE, 3.0, 1.0);
    gauge(StatNames.MEMBERSHIP_TOTAL, 3.0, 3.0);
    counter(StatNames.cluster(C, CircuitBreakerOperatorKind.NONE_HEALTHY), 41, Duration.ofSeconds(1), 41);

    var live = liveState(breaker(PolicyMode.Enforce), List.of(C), view()).orElseThrow();

    assertThat(live).isEqualTo(new BreakerLiveState("Open", 3, 3, null, 0, 41, 0));
  }

  @Test
  void enforcedBreakerWithoutEjectionsIsClosed() {
    gauge(CircuitBreakerOperatorKind.EJECTIONS_ACTIVE, 0.0);
    gauge(StatNames.MEMBERSHIP_TOTAL, 3.0);

    var live = liveState(breaker(PolicyMode.Enforce), List.of(C), view()).orElseThrow();

    assertThat(live.state()).isEqualTo("Closed");
  }

  @Test
  void dryRunBreakerCountsDetectionsWithinTheResetTimeout() {
    gauge(CircuitBreakerOperatorKind.EJECTIONS_ACTIVE, 0.0);
    gauge(StatNames.MEMBERSHIP_TOTAL, 3.0);
    counter(StatNames.cluster(C, CircuitBreakerOperatorKind.EJECTIONS_DETECTED.get(0)), 9,
        Duration.ofSeconds(5), 1);
    counter(StatNames.cluster(C, CircuitBreakerOperatorKind.EJECTIONS_DETECTED.get(2)), 4,
        Duration.ofMinutes(5), 4); // older than resetTimeout (30s): no longer "would open"

    var live = (BreakerLiveState) liveState(breaker(PolicyMode.DryRun), List.of(C), view())
        .orElseThrow();

    assertThat(live.state()).isEqualTo("WouldOpen");
    assertThat(live.wouldOpenEndpoints()).isEqualTo(1);
    assertThat(live.openEndpoints()).isZero();
  }

  @Test
  void dryRunWouldOpenIsCappedAtTheEndpointCount() {
    gauge(StatNames.MEMBERSHIP_TOTAL, 2.0);
    counter(StatNames.cluster(C, CircuitBreakerOperatorKind.EJECTIONS_DETECTED.get(0)), 50,
        Duration.ofSeconds(1), 50);

    var live = (BreakerLiveState) liveState(breaker(PolicyMode.DryRun), List.of(C), view())
        .orElseThrow();

    assertThat(live.wouldOpenEndpoints()).isEqualTo(2);
  }

  @Test
  void noStatsForTheClustersMeansNoLiveState() {
    assertThat(liveState(breaker(PolicyMode.Enforce), List.of(C), view())).isEmpty();
    assertThat(liveState(rateLimit(PolicyMode.Enforce), List.of(C), view())).isEmpty();
  }

  @Test
  void rateLimitRefusalsAddUpOverLimitsAndWhatPassedIsWhatTheChainsLastFiltersLetThrough() {
    // chain by bucket: upload (1, match route), per-second (20), per-minute (300, last for all)
    Policy chained = new Policy(new PolicyMeta(RateLimitPolicyKind.NAME, "shop", "rl", 1, null),
        PolicyTarget.service("api", 80), new RateLimitSettings(PolicyMode.Enforce, true, List.of(
            new RateLimitSettings.Limit("per-second", 20, Duration.ofSeconds(1), null, null, null),
            new RateLimitSettings.Limit("per-minute", 300, Duration.ofMinutes(1), null, null,
                null),
            new RateLimitSettings.Limit("upload", 1, Duration.ofSeconds(10), null, null,
                new RateLimitSettings.RouteMatch(null, List.of("POST")))), null));
    counter(rl("upload", RateLimitOperatorKind.RATE_LIMITED), 4, Duration.ofSeconds(3), 4);
    counter(rl("per-second", RateLimitOperatorKind.RATE_LIMITED), 12, Duration.ofSeconds(3), 5);
    counter(rl("per-second", RateLimitOperatorKind.RATE_LIMIT_OK), 400, Duration.ofSeconds(3), 5);
    counter(rl("per-minute", RateLimitOperatorKind.RATE_LIMITED), 3, Duration.ofMinutes(3), 3);
    counter(rl("per-minute", RateLimitOperatorKind.RATE_LIMIT_OK), 397, Duration.ofSeconds(3), 10);
    // another policy whose name starts the same must not be counted
    counter(EnvoyNames.rateLimitStatPrefix("shop", "rl-2", "per-second") + "."
        + RateLimitOperatorKind.RATE_LIMITED, 100, Duration.ofSeconds(1), 100);

    assertThat(liveState(chained, List.of(C), view()).orElseThrow())
        .isEqualTo(new RateLimitLiveState("Limiting", 19, 397));
  }

  @Test
  void aMatchLimitAfterTheLastLimitForEveryRequestTakesItsRefusalsOutOfWhatPassed() {
    Policy chained = new Policy(new PolicyMeta(RateLimitPolicyKind.NAME, "shop", "rl", 1, null),
        PolicyTarget.service("api", 80), new RateLimitSettings(PolicyMode.DryRun, true, List.of(
            new RateLimitSettings.Limit("per-second", 20, Duration.ofSeconds(1), null, null, null),
            new RateLimitSettings.Limit("bulk", 1000, Duration.ofSeconds(1), null, null,
                new RateLimitSettings.RouteMatch(null, List.of("POST")))), null));
    counter(rl("per-second", RateLimitOperatorKind.RATE_LIMIT_OK), 500, Duration.ofSeconds(3), 5);
    counter(rl("bulk", RateLimitOperatorKind.RATE_LIMITED), 7, Duration.ofSeconds(3), 7);

    RateLimitLiveState live = (RateLimitLiveState) liveState(chained, List.of(C), view())
        .orElseThrow();
    assertThat(live.allowedRequests()).isEqualTo(493);
    assertThat(live.state()).isEqualTo("WouldLimit");
  }

  private static RateLimitSettings.Limit global(String name, int requests,
      RateLimitSettings.RouteMatch match) {
    return new RateLimitSettings.Limit(name, requests, Duration.ofSeconds(1), null, null, match,
        RateLimitSettings.Scope.Global, Algorithm.SlidingWindow);
  }

  private static String globalStat(String answer, String counter) {
    return StatNames.cluster(C, "ratelimit." + RateLimitLayout.GLOBAL_STAT_PREFIX + answer + "."
        + counter);
  }

  @Test
  void globalLimitsCountWhatTheServiceAdmittedAndRefusedOverEveryProxyAndWhatItCouldNotDecide() {
    Policy policy = new Policy(new PolicyMeta(RateLimitPolicyKind.NAME, "shop", "rl", 1, null),
        PolicyTarget.service("api", 80), new RateLimitSettings(PolicyMode.Enforce, true,
            List.of(global("everyone", 100, null)), null,
            RateLimitSettings.FailureMode.Closed));
    assertThat(liveState(policy, List.of(C), view())).isEmpty();
    counter(globalStat("closed", RateLimitOperatorKind.GLOBAL_OK), 800, Duration.ofSeconds(3), 50);
    counter(globalStat("closed", RateLimitOperatorKind.GLOBAL_OVER_LIMIT), 200,
        Duration.ofSeconds(3), 20);
    counter(globalStat("closed", RateLimitOperatorKind.GLOBAL_ERROR), 7, Duration.ofSeconds(3), 7);
    // counted before the policy turned Closed: the same Service port, the same limits
    counter(globalStat("open", RateLimitOperatorKind.GLOBAL_OK), 100, Duration.ofMinutes(3), 100);
    counter(globalStat("open", RateLimitOperatorKind.GLOBAL_ERROR), 2, Duration.ofMinutes(3), 2);
    counter(globalStat("open", RateLimitOperatorKind.GLOBAL_FAILURE_MODE_ALLOWED), 2,
        Duration.ofMinutes(3), 2);

    assertThat(liveState(policy, List.of(C), view()).orElseThrow())
        .isEqualTo(new RateLimitLiveState("Limiting", 200, 902, 9L));
  }

  @Test
  void aGlobalMatchLimitTakesItsRefusalsOutOfWhatTheLocalChainPassedAndDryRunWouldLimit() {
    Policy policy = new Policy(new PolicyMeta(RateLimitPolicyKind.NAME, "shop", "rl", 1, null),
        PolicyTarget.service("api", 80), new RateLimitSettings(PolicyMode.DryRun, true, List.of(
            new RateLimitSettings.Limit("per-second", 20, Duration.ofSeconds(1), null, null, null),
            global("uploads", 5, new RateLimitSettings.RouteMatch(null, List.of("POST")))),
            null));
    counter(rl("per-second", RateLimitOperatorKind.RATE_LIMIT_OK), 500, Duration.ofSeconds(3), 5);
    counter(globalStat("dryrun", RateLimitOperatorKind.GLOBAL_OK), 40, Duration.ofSeconds(3), 5);
    counter(globalStat("dryrun", RateLimitOperatorKind.GLOBAL_OVER_LIMIT), 9,
        Duration.ofSeconds(3), 9);

    RateLimitLiveState live = (RateLimitLiveState) liveState(policy, List.of(C), view())
        .orElseThrow();
    // DryRun: the would-be refusals passed too
    assertThat(live).isEqualTo(new RateLimitLiveState("WouldLimit", 9, 500, 0L));
  }

  private static String rl(String limit, String counter) {
    return EnvoyNames.rateLimitStatPrefix("shop", "rl", limit) + "." + counter;
  }

  @Test
  void rateLimitIsIdleOnceTheLastLimitedRequestIsOlderThanRecent() {
    String limited = EnvoyNames.rateLimitStatPrefix("shop", "rl", "chat") + "." + RateLimitOperatorKind.RATE_LIMITED;
    counter(limited, 12, RateLimitOperatorKind.RECENT.plusSeconds(1), 12);

    var live = liveState(rateLimit(PolicyMode.Enforce), List.of(C), view()).orElseThrow();

    assertThat(live).isEqualTo(new RateLimitLiveState("Idle", 12, 0));
  }

  @Test
  void healthTakesTheWorstProxyViewAndCriticalDecidesUnhealthy() {
    gauge(StatNames.MEMBERSHIP_TOTAL, 3.0, 3.0);
    gauge(StatNames.MEMBERSHIP_HEALTHY, 3.0, 2.0);
    assertThat(liveState(health(true), List.of(C), view()).orElseThrow())
        .isEqualTo(new HealthLiveState("Degraded", 2, 1, 3));

    gauge(StatNames.MEMBERSHIP_HEALTHY, 0.0);
    assertThat(liveState(health(true), List.of(C), view()).orElseThrow().state())
        .isEqualTo("Unhealthy");
    assertThat(liveState(health(false), List.of(C), view()).orElseThrow().state())
        .isEqualTo("Degraded");

    gauge(StatNames.MEMBERSHIP_HEALTHY, 3.0);
    assertThat(liveState(health(true), List.of(C), view()).orElseThrow().state())
        .isEqualTo("Healthy");
  }

  @Test
  void healthWithoutStatsIsUnknown() {
    assertThat(liveState(health(true), List.of(C), view()).orElseThrow())
        .isEqualTo(new HealthLiveState("Unknown", 0, 0, 0));
  }

  private static java.util.Optional<dev.breakwater.operator.stats.LiveState> liveState(
      Policy policy, List<String> clusters, dev.breakwater.operator.stats.StatsView view) {
    return OperatorKinds.of(policy.kind()).liveState(policy, clusters, view);
  }
}
