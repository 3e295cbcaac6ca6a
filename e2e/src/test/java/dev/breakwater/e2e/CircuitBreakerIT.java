package dev.breakwater.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** CircuitBreakerPolicy against real traffic: connection limits and endpoint ejection. */
class CircuitBreakerIT {
  private static final Logger LOG = LoggerFactory.getLogger(CircuitBreakerIT.class);

  @RegisterExtension
  static final Breakwater BW = new Breakwater("cb");

  /**
   * max_requests is one cluster-wide counter in Envoy, so the cap should hold exactly; Envoy only
   * documents an overshoot for connections (at least one connection per endpoint and connection
   * pool, and each worker has its own pools). With {@code --concurrency 1} that slack is one per
   * worker, which is what the bound allows on top of N.
   */
  @Test
  void maxRequestsCapsUpstreamConcurrencyAndOverflowIs503() {
    int n = 4;
    Duration delay = Duration.ofMillis(250);
    Upstream slow = BW.upstream("slow").delay(delay);
    BW.backend("capped", 80, slow);
    BW.apply(Manifests.circuitBreaker("cap", "capped", 80, "limits: {maxRequests: " + n + "}"));
    AppliedPolicy policy = BW.policy(AppliedPolicy.CIRCUIT_BREAKER, "cap");
    policy.awaitProgrammed();
    BW.awaitRouted("capped");
    slow.resetCounters();

    List<LoadClient> clients = new ArrayList<>();
    for (int i = 0; i < 5 * n; i++) {
      clients.add(LoadClient.paced("c" + i, BW.host("capped"), "/", 20));
    }
    LoadReport report =
        BW.load("x-envoy-overloaded").run(clients, Duration.ofSeconds(4));
    LOG.info("maxRequests {}: {}; upstream max in flight {}", n, report, slow.maxInFlight());

    assertThat(report.maxConcurrency()).as("clients in flight at once").isGreaterThan(n);
    assertThat(slow.maxInFlight()).as("upstream concurrency (cap N=%d + %d per worker)", n,
        EnvoyProcess.WORKERS).isBetween(n, n + EnvoyProcess.WORKERS);
    assertThat(report.statusCounts().keySet()).containsOnly(200, 503);
    long overflow = report.count(503);
    assertThat(overflow).isPositive();
    assertThat(report.headerCounts("x-envoy-overloaded", s -> s.status() == 503))
        .containsOnlyKeys("true");
    // Each admitted request holds a slot for the upstream delay: at most N per delay period.
    long maxOk = n * (report.elapsed().toMillis() / delay.toMillis() + 1);
    assertThat(report.count(200)).isBetween(1L, maxOk);
    assertThat(BW.admin().stat("cluster." + BW.cluster("capped", 80)
        + ".upstream_rq_pending_overflow")).isEqualTo(overflow);

    policy.awaitUntil("status.breaker.overflowRequests > 0", Duration.ofSeconds(20),
        p -> p.at("/status/breaker/overflowRequests").asLong() > 0);
  }

  @Test
  void failingEndpointIsEjectedAndReturnsAfterResetTimeout() {
    Duration resetTimeout = Duration.ofSeconds(3);
    Duration monitoringPeriod = Duration.ofSeconds(1);
    Upstream good = BW.upstream("good");
    Upstream bad = BW.upstream("bad").failWith(500);
    BW.backend("flaky", 80, good, bad);
    BW.apply(Manifests.circuitBreaker("eject", "flaky", 80, """
        failureThreshold: 3
        monitoringPeriod: 1s
        resetTimeout: 3s
        maxOpenEndpointsPercent: 50
        """));
    AppliedPolicy policy = BW.policy(AppliedPolicy.CIRCUIT_BREAKER, "eject");
    policy.awaitProgrammed();
    String cluster = BW.cluster("flaky", 80);

    LoadGenerator.Run run = BW.load("x-upstream").start(List.of(
        LoadClient.paced("a", BW.host("flaky"), "/", 20),
        LoadClient.paced("b", BW.host("flaky"), "/", 20)), Duration.ofSeconds(25));
    await("bad endpoint ejected").atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> BW.admin().healthFlags(cluster, bad.port()).contains("failed_outlier_check"));
    Duration ejectedAt = run.elapsed();
    bad.failWith(0);
    long badBefore = bad.requests();

    policy.awaitUntil("state PartiallyOpen, 1 open endpoint", Duration.ofSeconds(10),
        p -> "PartiallyOpen".equals(p.at("/status/state").asText())
            && p.at("/status/breaker/openEndpoints").asInt() == 1);
    assertThat(bad.requests()).as("no requests reach an open endpoint").isEqualTo(badBefore);

    await("bad endpoint back in rotation").atMost(resetTimeout.plus(monitoringPeriod).plusSeconds(3))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> bad.requests() > badBefore);
    Duration returnedAfter = run.elapsed().minus(ejectedAt);
    policy.awaitUntil("state Closed again", Duration.ofSeconds(10),
        p -> "Closed".equals(p.at("/status/state").asText()));
    run.stop();
    LoadReport report = run.await();
    LOG.info("ejection: returned after {} ms; {}", returnedAfter.toMillis(), report);

    // Envoy un-ejects at the first monitoring tick after resetTimeout has passed.
    assertThat(returnedAfter).isBetween(resetTimeout.minusMillis(300),
        resetTimeout.plus(monitoringPeriod).plusMillis(1500));
    // Only the consecutive failures that trip the breaker reach clients (plus one per client
    // already in flight).
    assertThat(report.count(500)).isBetween(3L, 3L + 2);
    assertThat(report.statusCounts().keySet()).containsOnly(200, 500);
    assertThat(report.count(s -> s.status() == 200 && "cb-good".equals(s.header("x-upstream"))))
        .isGreaterThan(report.count(s -> "cb-bad".equals(s.header("x-upstream"))));
  }

  @Test
  void dryRunDetectsButNeverEjects() {
    Upstream good = BW.upstream("dry-good");
    Upstream bad = BW.upstream("dry-bad").failWith(500);
    BW.backend("dry", 80, good, bad);
    BW.apply(Manifests.circuitBreaker("would", "dry", 80, """
        mode: DryRun
        failureThreshold: 3
        monitoringPeriod: 1s
        resetTimeout: 3s
        """));
    AppliedPolicy policy = BW.policy(AppliedPolicy.CIRCUIT_BREAKER, "would");
    policy.awaitProgrammed();
    String cluster = BW.cluster("dry", 80);

    LoadGenerator.Run run = BW.load("x-upstream").start(List.of(
        LoadClient.paced("a", BW.host("dry"), "/", 20),
        LoadClient.paced("b", BW.host("dry"), "/", 20)), Duration.ofSeconds(8));
    // The operator reports what it would do while the endpoint keeps failing.
    policy.awaitUntil("state WouldOpen", Duration.ofSeconds(8),
        p -> "WouldOpen".equals(p.at("/status/state").asText())
            && p.at("/status/breaker/wouldOpenEndpoints").asInt() >= 1
            && p.at("/status/breaker/openEndpoints").asInt() == 0);
    LoadReport report = run.await();
    LOG.info("dry run: {}", report);

    String stats = "cluster." + Pattern.quote(cluster) + "\\.outlier_detection\\.";
    var outlier = BW.admin().stats("^" + stats);
    LOG.info("dry run outlier stats: {}", outlier);
    assertThat(outlier).containsEntry("cluster." + cluster + ".outlier_detection.ejections_active",
        0L);
    assertThat(outlier.get("cluster." + cluster
        + ".outlier_detection.ejections_detected_consecutive_5xx")).isPositive();
    assertThat(outlier.get("cluster." + cluster
        + ".outlier_detection.ejections_enforced_total")).isZero();
    // Round robin over two endpoints, nothing ejected: the failing one keeps half the traffic,
    // also in the second half of the run, long after the breaker would have opened.
    long late500 = report.count(s -> s.status() == 500 && s.startNanos() > 2_500_000_000L);
    long lateAll = report.count(s -> s.startNanos() > 2_500_000_000L);
    assertThat((double) late500 / lateAll).isBetween(0.4, 0.6);
    assertThat(BW.admin().healthFlags(cluster, bad.port())).isEqualTo("healthy");
  }
}
