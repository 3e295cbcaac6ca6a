package dev.breakwater.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Health check", from the caller's seat: an endpoint that fails its check gets no traffic,
 * whatever share of the endpoints fail; with every one failing, callers are refused at once (503)
 * and the endpoints see only the checks. Envoy's panic routing (fail open) only on request.
 */
class HealthCheckConformanceIT {
  private static final Logger LOG = LoggerFactory.getLogger(HealthCheckConformanceIT.class);

  @RegisterExtension
  static final Breakwater BW = new Breakwater("hc-conformance");

  @Test
  void endpointsFailingTheirCheckGetNoTrafficEvenWhenEveryOneFails() {
    Upstream a = BW.upstream("all-a").healthy(false);
    Upstream b = BW.upstream("all-b").healthy(false);
    BW.backend("sick", 80, a, b);
    BW.apply(Manifests.healthCheck("sick", "sick", 80, """
        http: {path: /health}
        interval: 200ms
        timeout: 100ms
        unhealthyThreshold: 1
        healthyThreshold: 1
        probes: {readiness: false}
        """));
    AppliedPolicy policy = BW.policy(AppliedPolicy.HEALTH_CHECK, "sick");
    policy.awaitProgrammed();
    policy.awaitUntil("Unhealthy 0/2", Duration.ofSeconds(20),
        p -> "Unhealthy".equals(p.at("/status/state").asText())
            && p.at("/status/endpoints/total").asInt() == 2);
    a.resetCounters();
    b.resetCounters();

    LoadReport report = BW.load().run(
        List.of(LoadClient.paced("caller", BW.host("sick"), "/", 40)), Duration.ofSeconds(2));
    LOG.info("every endpoint failing its check: {}; a saw {}, b saw {}", report, a.requests(),
        b.requests());
    assertThat(report.statusCounts()).containsOnlyKeys(503);
    assertThat(a.requests() + b.requests()).as("requests reaching failing endpoints").isZero();
    assertThat(a.healthChecks() + b.healthChecks()).as("the checks go on").isPositive();
    assertThat(BreakerConformanceIT.percentileMillis(report.samples(), 0.95))
        .as("p95 of a refusal, ms").isLessThan(50);

    // one recovers: it alone takes the traffic
    a.healthy(true);
    policy.awaitUntil("Degraded 1/2", Duration.ofSeconds(20),
        p -> p.at("/status/endpoints/healthy").asInt() == 1);
    LoadReport oneBack = BW.load("x-upstream").run(
        List.of(LoadClient.paced("caller", BW.host("sick"), "/", 40)), Duration.ofSeconds(1));
    assertThat(oneBack.headerCounts("x-upstream", s -> true)).containsOnlyKeys("hc-conformance-all-a");
  }

  @Test
  void withPanicOptedInFailingEndpointsTakeTrafficWhenTooFewPass() {
    Upstream a = BW.upstream("panic-a").healthy(false);
    Upstream b = BW.upstream("panic-b").healthy(false);
    BW.backend("panicky", 80, a, b);
    BW.apply(Manifests.healthCheck("panicky", "panicky", 80, """
        http: {path: /health}
        interval: 200ms
        timeout: 100ms
        unhealthyThreshold: 1
        healthyThreshold: 1
        panicThreshold: 50
        probes: {readiness: false}
        """));
    AppliedPolicy policy = BW.policy(AppliedPolicy.HEALTH_CHECK, "panicky");
    policy.awaitProgrammed();
    policy.awaitUntil("Unhealthy", Duration.ofSeconds(20),
        p -> "Unhealthy".equals(p.at("/status/state").asText()));

    LoadReport report = BW.load().run(
        List.of(LoadClient.paced("caller", BW.host("panicky"), "/", 40)), Duration.ofSeconds(2));
    LOG.info("panic opted in: {}; a saw {}, b saw {}", report, a.requests(), b.requests());
    assertThat(report.statusCounts()).containsOnlyKeys(200);
    assertThat(a.requests()).isPositive();
    assertThat(b.requests()).isPositive();
  }
}
