package dev.breakwater.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Circuit breaker", in the words application teams use, from the caller's seat: CLOSED lets
 * requests through; OPEN refuses them at once and the dependency sees nothing; after the reset
 * timeout a trial goes through, and failing again re-opens it for longer. Measured with a real
 * Envoy fed by the operator, at the policy's defaults (only failureThreshold set) and with the
 * whole dependency down, whatever the number of its endpoints.
 */
class BreakerConformanceIT {
  private static final Logger LOG = LoggerFactory.getLogger(BreakerConformanceIT.class);
  private static final String BREAKER = "x-breakwater-breaker";

  @RegisterExtension
  static final Breakwater BW = new Breakwater("cb-conformance");

  @ParameterizedTest(name = "{0} endpoint(s)")
  @ValueSource(ints = {1, 2, 5})
  void aDependencyWhollyDownIsCutOffAfterFailureThresholdFailuresPerEndpoint(int endpoints) {
    String service = "down-" + endpoints;
    List<Upstream> down = new ArrayList<>();
    for (int i = 0; i < endpoints; i++) {
      down.add(BW.upstream(service + "-" + i).failWith(500));
    }
    BW.backend(service, 80, down.toArray(Upstream[]::new));
    BW.apply(Manifests.circuitBreaker(service, service, 80, "failureThreshold: 5"));
    AppliedPolicy policy = BW.policy(AppliedPolicy.CIRCUIT_BREAKER, service);
    policy.awaitProgrammed();
    awaitEndpoints(service, endpoints);

    LoadReport report = BW.load(BREAKER).run(
        List.of(LoadClient.paced("caller", BW.host(service), "/", 40)), Duration.ofSeconds(3));
    long seen = down.stream().mapToLong(Upstream::requests).sum();
    LOG.info("{} endpoint(s) down: {}; the dependency saw {}", endpoints, report, seen);

    // each endpoint opened after exactly its 5 consecutive failures; nothing reached it after
    for (Upstream u : down) {
      assertThat(u.requests()).as(u.name() + " requests").isEqualTo(5);
    }
    assertThat(report.count(500)).isEqualTo(5L * endpoints);
    List<Sample> refused = report.samples().stream().filter(s -> s.status() == 503).toList();
    assertThat(refused).as("refused at once").hasSize((int) (report.total() - 5L * endpoints));
    assertThat(refused).allSatisfy(s -> assertThat(s.header(BREAKER))
        .isEqualTo("open; policy=" + BW.namespace() + "/" + service));
    assertThat(percentileMillis(refused, 0.95)).as("p95 of a refusal, ms").isLessThan(50);
    policy.awaitUntil("state Open, every endpoint open, refusals counted",
        Duration.ofSeconds(15), p -> "Open".equals(p.at("/status/state").asText())
            && p.at("/status/breaker/openEndpoints").asInt() == endpoints
            && p.at("/status/breaker/fastFailedRequests").asLong() > 0);
  }

  @Test
  void aPartialOutageOpensOnlyTheFailingEndpointsAndTheOthersCarryEverything() {
    Upstream good = BW.upstream("partial-good");
    Upstream bad = BW.upstream("partial-bad").failWith(500);
    BW.backend("partial", 80, good, bad);
    BW.apply(Manifests.circuitBreaker("partial", "partial", 80, "failureThreshold: 5"));
    AppliedPolicy policy = BW.policy(AppliedPolicy.CIRCUIT_BREAKER, "partial");
    policy.awaitProgrammed();
    awaitEndpoints("partial", 2);

    LoadReport report = BW.load("x-upstream").run(
        List.of(LoadClient.paced("caller", BW.host("partial"), "/", 40)), Duration.ofSeconds(3));
    LOG.info("1 of 2 down: {}; good saw {}, bad saw {}", report, good.requests(), bad.requests());

    assertThat(bad.requests()).isEqualTo(5);
    assertThat(report.count(500)).isEqualTo(5);
    assertThat(report.count(200)).isEqualTo(report.total() - 5);
    assertThat(good.requests()).isEqualTo(report.total() - 5);
    policy.awaitUntil("state PartiallyOpen 1/2", Duration.ofSeconds(15),
        p -> "PartiallyOpen".equals(p.at("/status/state").asText())
            && p.at("/status/breaker/openEndpoints").asInt() == 1);
  }

  /**
   * Envoy's "half-open": after resetTimeout (rounded up to the next monitoringPeriod tick) the
   * endpoint is back in rotation; its trial ends with failureThreshold failures (open again, for
   * longer) or with a success (closed). The reset grows with each re-opening up to the maximum.
   */
  @Test
  void afterResetTimeoutATrialGoesThroughAndEachReopeningLastsLongerUpToTheMaximum() {
    Upstream flapping = BW.upstream("flapping").failWith(500);
    BW.backend("flapping", 80, flapping);
    BW.apply(Manifests.circuitBreaker("flapping", "flapping", 80, """
        failureThreshold: 3
        monitoringPeriod: 200ms
        resetTimeout: 1s
        maxResetTimeout: 3s
        """));
    BW.policy(AppliedPolicy.CIRCUIT_BREAKER, "flapping").awaitProgrammed();
    awaitEndpoints("flapping", 1);

    LoadReport report = BW.load().run(
        List.of(LoadClient.paced("caller", BW.host("flapping"), "/", 50)), Duration.ofSeconds(9));
    List<Long> gaps = openIntervalsMillis(flapping.arrivals(), 3);
    LOG.info("flapping: {}; trials of 3 requests separated by {} ms", report, gaps);

    // open 1 s, 2 s, 3 s, 3 s ... (each rounded up to a 200 ms tick, plus scheduling)
    assertThat(gaps).hasSizeGreaterThanOrEqualTo(3);
    long[] expected = {1000, 2000, 3000};
    for (int i = 0; i < gaps.size(); i++) {
      long bound = expected[Math.min(i, 2)];
      assertThat(gaps.get(i)).as("open interval %d", i + 1).isBetween(bound - 50, bound + 500);
    }
    assertThat(flapping.requests()).as("trials of 3 failures, nothing else")
        .isEqualTo(3L * (gaps.size() + 1));

    // the dependency recovers while open: the next trial succeeds and the breaker closes
    flapping.failWith(0).resetCounters();
    LoadReport recovered = BW.load("x-upstream").run(
        List.of(LoadClient.paced("caller", BW.host("flapping"), "/", 50)), Duration.ofSeconds(5));
    LOG.info("recovered: {}", recovered);
    Sample lastRefusal = recovered.samples().stream().filter(s -> s.status() == 503)
        .reduce((a, b) -> b).orElse(null);
    List<Sample> afterTrial = recovered.samples().stream()
        .filter(s -> lastRefusal == null || s.startNanos() > lastRefusal.endNanos()).toList();
    assertThat(afterTrial).isNotEmpty().allSatisfy(s -> assertThat(s.status()).isEqualTo(200));
    assertThat(flapping.requests()).isEqualTo(afterTrial.size());
  }

  @Test
  void aFixedFallbackAnswersWhileOpenAndTheDependencyAnswersAgainOnceItRecovers() {
    Upstream down = BW.upstream("fixed-down").failWith(503);
    BW.backend("catalog", 80, down);
    BW.apply(Manifests.circuitBreaker("catalog", "catalog", 80, """
        failureThreshold: 5
        monitoringPeriod: 200ms
        resetTimeout: 3s
        fallback:
          response:
            status: 200
            body: '{"items":[]}'
            headers: {content-type: application/json}
        """));
    BW.policy(AppliedPolicy.CIRCUIT_BREAKER, "catalog").awaitProgrammed();
    awaitEndpoints("catalog", 1);

    LoadReport open = BW.load("content-type", BREAKER, "x-upstream").run(
        List.of(LoadClient.paced("caller", BW.host("catalog"), "/", 40)), Duration.ofSeconds(2));
    LOG.info("fixed fallback while open: {}", open);
    assertThat(open.count(503)).as("the dependency's own 503s before it opened").isEqualTo(5);
    assertThat(open.samples().stream().filter(s -> s.status() == 200).toList())
        .hasSizeGreaterThan(20)
        .allSatisfy(s -> {
          assertThat(s.header("content-type")).isEqualTo("application/json");
          assertThat(s.header("x-upstream")).isNull();
          assertThat(s.header(BREAKER)).startsWith("open;");
        });

    down.failWith(0).resetCounters();
    await("the dependency answers again after the reset").atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> {
          try (HttpConnection c = new HttpConnection(BW.listenerPort())) {
            return "cb-conformance-fixed-down".equals(
                c.get(BW.host("catalog"), "/", java.util.Map.of()).header("x-upstream"));
          }
        });
    LoadReport closed = BW.load("x-upstream").run(
        List.of(LoadClient.paced("caller", BW.host("catalog"), "/", 20)), Duration.ofSeconds(1));
    assertThat(closed.samples()).isNotEmpty().allSatisfy(s ->
        assertThat(s.header("x-upstream")).isEqualTo("cb-conformance-fixed-down"));
  }

  @Test
  void aFallbackServiceTakesTheRequestsWhileOpenAndIsReleasedOnceTheTargetRecovers() {
    Upstream target = BW.upstream("svc-target").failWith(500);
    Upstream cache = BW.upstream("svc-cache");
    BW.backend("prices", 80, target);
    BW.backend("prices-cache", 80, cache);
    BW.apply(Manifests.circuitBreaker("prices", "prices", 80, """
        failureThreshold: 5
        monitoringPeriod: 200ms
        resetTimeout: 3s
        fallback:
          service: {name: prices-cache, port: 80}
        """));
    AppliedPolicy policy = BW.policy(AppliedPolicy.CIRCUIT_BREAKER, "prices");
    policy.awaitProgrammed();
    awaitEndpoints("prices", 1);

    LoadReport open = BW.load("x-upstream").run(
        List.of(LoadClient.paced("caller", BW.host("prices"), "/", 40)), Duration.ofSeconds(2));
    LOG.info("fallback Service while open: {}; target saw {}, fallback saw {}", open,
        target.requests(), cache.requests());
    assertThat(target.requests()).as("the target before it opened").isEqualTo(5);
    assertThat(open.count(500)).isEqualTo(5);
    assertThat(open.count(200)).isEqualTo(open.total() - 5);
    assertThat(cache.requests()).isEqualTo(open.total() - 5);
    policy.awaitUntil("fallback requests counted", Duration.ofSeconds(15),
        p -> p.at("/status/breaker/fallbackRequests").asLong() > 0
            && "Open".equals(p.at("/status/state").asText()));

    target.failWith(0);
    await("the target takes the requests again").atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> {
          try (HttpConnection c = new HttpConnection(BW.listenerPort())) {
            return "cb-conformance-svc-target".equals(
                c.get(BW.host("prices"), "/", java.util.Map.of()).header("x-upstream"));
          }
        });
    cache.resetCounters();
    LoadReport closed = BW.load("x-upstream").run(
        List.of(LoadClient.paced("caller", BW.host("prices"), "/", 20)), Duration.ofSeconds(1));
    assertThat(closed.headerCounts("x-upstream", s -> true))
        .containsOnlyKeys("cb-conformance-svc-target");
    assertThat(cache.requests()).isZero();
  }

  @Test
  void dryRunChangesNothingCallersSee() {
    Upstream down = BW.upstream("dry-down").failWith(500);
    BW.backend("dry", 80, down);
    BW.apply(Manifests.circuitBreaker("dry", "dry", 80, "mode: DryRun\nfailureThreshold: 5"));
    AppliedPolicy policy = BW.policy(AppliedPolicy.CIRCUIT_BREAKER, "dry");
    policy.awaitProgrammed();
    awaitEndpoints("dry", 1);

    LoadReport report = BW.load().run(
        List.of(LoadClient.paced("caller", BW.host("dry"), "/", 40)), Duration.ofSeconds(2));
    assertThat(report.statusCounts()).containsOnlyKeys(500);
    assertThat(down.requests()).isEqualTo(report.total());
    policy.awaitUntil("state WouldOpen", Duration.ofSeconds(15),
        p -> "WouldOpen".equals(p.at("/status/state").asText()));
  }

  /** Envoy has the endpoints (EDS) before the load starts: the counts are then exact. */
  static void awaitEndpoints(String service, int count) {
    org.awaitility.Awaitility.await(service + " has " + count + " endpoints in Envoy")
        .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> BW.admin().stat("cluster." + BW.cluster(service, 80) + ".membership_total")
            == count);
  }

  static long percentileMillis(List<Sample> samples, double p) {
    List<Long> ms = samples.stream().map(s -> (s.endNanos() - s.startNanos()) / 1_000_000)
        .sorted().toList();
    return ms.isEmpty() ? 0 : ms.get((int) Math.min(ms.size() - 1, Math.ceil(p * ms.size()) - 1));
  }

  /** The gaps between bursts of {@code burst} arrivals: how long the endpoint stayed open. */
  static List<Long> openIntervalsMillis(List<Long> arrivals, int burst) {
    List<Long> gaps = new ArrayList<>();
    for (int i = burst; i < arrivals.size(); i += burst) {
      gaps.add((arrivals.get(i) - arrivals.get(i - 1)) / 1_000_000);
    }
    return gaps;
  }
}
