package dev.breakwater.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HealthCheck against real traffic: Envoy's active checks take a failing endpoint out of
 * rotation within {@code interval * unhealthyThreshold} (+1 s for the check in flight and our
 * polling) and put it back after {@code healthyThreshold} passing checks.
 */
class HealthCheckIT {
  private static final Logger LOG = LoggerFactory.getLogger(HealthCheckIT.class);

  @RegisterExtension
  static final Breakwater BW = new Breakwater("hc");

  @Test
  void failingEndpointLeavesAndRejoinsRotation() {
    Duration interval = Duration.ofSeconds(1);
    int unhealthyThreshold = 2;
    int healthyThreshold = 2;
    Upstream a = BW.upstream("a");
    Upstream b = BW.upstream("b");
    BW.backend("checked", 80, a, b);
    BW.apply(Manifests.healthCheck("checked", "checked", 80, """
        http: {path: /health, expectedStatuses: [200]}
        interval: 1s
        timeout: 500ms
        unhealthyThreshold: 2
        healthyThreshold: 2
        """));
    AppliedPolicy policy = BW.policy(AppliedPolicy.HEALTH_CHECK, "checked");
    policy.awaitProgrammed();
    String cluster = BW.cluster("checked", 80);

    // Steady traffic: Envoy checks a cluster that never saw traffic only every no_traffic_interval.
    LoadGenerator.Run run = BW.load("x-upstream").start(List.of(
        LoadClient.paced("c1", BW.host("checked"), "/", 20),
        LoadClient.paced("c2", BW.host("checked"), "/", 20)), Duration.ofSeconds(40));
    await("both endpoints healthy").atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> BW.admin().healthFlags(cluster, a.port()).equals("healthy")
            && BW.admin().healthFlags(cluster, b.port()).equals("healthy"));
    policy.awaitUntil("Healthy 2/2", Duration.ofSeconds(15),
        p -> "Healthy".equals(p.at("/status/state").asText())
            && p.at("/status/endpoints/healthy").asInt() == 2);

    long failedBefore = b.failedHealthChecks();
    b.healthy(false);
    Duration failedAt = run.elapsed();
    Duration leaveBound = interval.multipliedBy(unhealthyThreshold).plusSeconds(1);
    await("b leaves rotation").atMost(leaveBound).pollInterval(Duration.ofMillis(50))
        .until(() -> BW.admin().healthFlags(cluster, b.port()).contains("failed_active_hc"));
    Duration left = run.elapsed();
    long failedChecksToLeave = b.failedHealthChecks() - failedBefore;
    long bRequestsWhenOut = b.requests();
    policy.awaitUntil("1 unhealthy endpoint", Duration.ofSeconds(15),
        p -> p.at("/status/endpoints/unhealthy").asInt() == 1
            && p.at("/status/endpoints/healthy").asInt() == 1
            && List.of("Degraded", "Unhealthy").contains(p.at("/status/state").asText()));
    assertThat(b.requests()).as("no traffic to an endpoint failing its checks")
        .isEqualTo(bRequestsWhenOut);

    long checksBeforeRecovery = b.healthChecks();
    b.healthy(true);
    Duration recoveredAt = run.elapsed();
    Duration rejoinBound = interval.multipliedBy(healthyThreshold).plusSeconds(1);
    await("b rejoins rotation").atMost(rejoinBound).pollInterval(Duration.ofMillis(50))
        .until(() -> BW.admin().healthFlags(cluster, b.port()).equals("healthy"));
    Duration rejoined = run.elapsed();
    long passedChecksToRejoin = b.healthChecks() - checksBeforeRecovery;
    await("b serves traffic again").atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(50)).until(() -> b.requests() > bRequestsWhenOut);
    policy.awaitUntil("Healthy 2/2 again", Duration.ofSeconds(15),
        p -> "Healthy".equals(p.at("/status/state").asText())
            && p.at("/status/endpoints/healthy").asInt() == 2);
    run.stop();
    LoadReport report = run.await();
    LOG.info("health check: left after {} ms and {} failed checks (bound {} ms), rejoined after"
        + " {} ms and {} passed checks (bound {} ms); {}", left.minus(failedAt).toMillis(),
        failedChecksToLeave, leaveBound.toMillis(), rejoined.minus(recoveredAt).toMillis(),
        passedChecksToRejoin, rejoinBound.toMillis(), report);

    // Clients never noticed: the unhealthy endpoint only failed its health path.
    assertThat(report.statusCounts()).containsOnlyKeys(200);
    long toBWhileOut = report.count(s -> "hc-b".equals(s.header("x-upstream"))
        && s.startNanos() > left.plusMillis(100).toNanos()
        && s.endNanos() < recoveredAt.toNanos());
    assertThat(toBWhileOut).isZero();
    // The thresholds are counts of checks, not only upper bounds on time: out only after
    // unhealthyThreshold failed checks, back only after healthyThreshold passed ones.
    assertThat(passedChecksToRejoin).as("passed checks before rejoining")
        .isGreaterThanOrEqualTo(healthyThreshold);
    assertThat(failedChecksToLeave).as("failed checks before leaving rotation")
        .isGreaterThanOrEqualTo(unhealthyThreshold);
  }
}
