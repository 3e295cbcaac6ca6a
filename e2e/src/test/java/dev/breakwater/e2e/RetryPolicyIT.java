package dev.breakwater.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RetryPolicy against real traffic: every number is counted at the upstream, per request (Envoy
 * keeps a request's {@code x-request-id} on its retries), and from the caller's seat.
 */
class RetryPolicyIT {
  private static final Logger LOG = LoggerFactory.getLogger(RetryPolicyIT.class);
  /**
   * What Envoy adds to a computed back-off before the next try reaches the upstream: its timer,
   * a connection from the pool, the upstream's accept and dispatch. Measured 1-10 ms on an idle
   * machine (notes 6.2); on this 2-core machine at load average 10 (four builds) up to 50 ms.
   */
  private static final double SCHEDULING_SLACK_MS = 100;

  @RegisterExtension
  static final Breakwater BW = new Breakwater("rtp");

  @Test
  void aRequestFailingTwiceSucceedsOnTheThirdTryAndTwoTriesAreNotEnough() {
    Upstream flaky = BW.upstream("twice");
    BW.backend("twice", 80, flaky);
    BW.apply(Manifests.retryPolicy("twice", "twice", 80, """
        maxAttempts: 3
        backoff: {baseDelay: 10ms, maxDelay: 50ms}
        """));
    AppliedPolicy policy = BW.policy(AppliedPolicy.RETRY, "twice");
    policy.awaitProgrammed();
    BW.awaitRouted("twice");
    flaky.schedule(TrySchedule.failFirst(2, 503)).resetCounters();

    List<HttpResponse> threeTries = requests("GET", "twice", 20);

    assertThat(threeTries).extracting(HttpResponse::status).containsOnly(200);
    assertThat(flaky.tries().requests()).hasSize(20)
        .allSatisfy((id, tries) -> assertThat(tries).as("tries of %s", id).hasSize(3));
    policy.awaitUntil("Retrying, 40 retries and 20 successes counted", Duration.ofSeconds(20),
        p -> "Retrying".equals(p.at("/status/state").asText())
            && p.at("/status/retry/retries").asLong() >= 40
            && p.at("/status/retry/successes").asLong() >= 20);

    BW.apply(Manifests.retryPolicy("twice", "twice", 80, """
        maxAttempts: 2
        backoff: {baseDelay: 10ms, maxDelay: 50ms}
        """));
    policy.awaitProgrammed();
    flaky.resetCounters();

    List<HttpResponse> twoTries = requests("GET", "twice", 20);

    assertThat(twoTries).extracting(HttpResponse::status).containsOnly(503);
    assertThat(flaky.tries().requests()).hasSize(20)
        .allSatisfy((id, tries) -> assertThat(tries).as("tries of %s", id).hasSize(2));
  }

  /**
   * Envoy's full jitter: retry k waits U[0, min(base * 2^(k-1), max)). The gaps measured at the
   * upstream stay below that bound plus {@link #SCHEDULING_SLACK_MS} (90 % of them: a loaded
   * machine delays a few), and the ranges grow: some second retry waits longer than the first
   * retry's bound.
   */
  @Test
  void backoffGapsStayWithinTheJitteredExponentialBound() throws Exception {
    double base = 100;
    double max = 250;
    Upstream flaky = BW.upstream("gaps");
    BW.backend("gaps", 80, flaky);
    BW.apply(Manifests.retryPolicy("gaps", "gaps", 80, """
        maxAttempts: 5
        backoff: {baseDelay: 100ms, maxDelay: 250ms}
        """));
    BW.policy(AppliedPolicy.RETRY, "gaps").awaitProgrammed();
    BW.awaitRouted("gaps");
    flaky.schedule(TrySchedule.failFirst(4, 503)).resetCounters();

    List<HttpResponse> responses = parallelRequests("GET", "gaps", 3, 10);

    assertThat(responses).extracting(HttpResponse::status).containsOnly(200);
    List<List<Double>> gaps = flaky.tries().gapsByRetry();
    assertThat(gaps).hasSize(4).allSatisfy(g -> assertThat(g).hasSize(30));
    List<String> measured = new ArrayList<>();
    for (int k = 0; k < gaps.size(); k++) {
      double bound = Math.min(base * Math.pow(2, k), max);
      double highest = gaps.get(k).stream().mapToDouble(Double::doubleValue).max().orElseThrow();
      double mean = gaps.get(k).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      measured.add(String.format("retry %d: bound %.0f ms, max %.1f, mean %.1f", k + 1, bound,
          highest, mean));
      // a loaded machine only adds to a gap (the upstream sees a retry late, never early), and
      // only now and then: 90 % of the gaps still fall within the bound plus slack
      long within = gaps.get(k).stream()
          .filter(g -> g >= 0 && g <= bound + SCHEDULING_SLACK_MS).count();
      assertThat(within).as("gaps before retry %d within bound %.0f ms + slack: %s", k + 1, bound,
          gaps.get(k)).isGreaterThanOrEqualTo(gaps.get(k).size() * 9L / 10);
    }
    LOG.info("back-off gaps at the upstream (base 100ms, max 250ms, 30 requests): {}", measured);
    // The ranges grow: P(no second-retry gap above 100 ms in 30) = 2^-30.
    assertThat(gaps.get(1)).anySatisfy(g -> assertThat(g).isGreaterThan(base));
    assertThat(mean(gaps.get(3))).isGreaterThan(mean(gaps.get(0)));
  }

  @Test
  void onlyListedMethodsAndStatusesAreRetried() {
    Upstream flaky = BW.upstream("methods");
    BW.backend("methods", 80, flaky);
    BW.apply(Manifests.retryPolicy("methods", "methods", 80, """
        backoff: {baseDelay: 10ms, maxDelay: 50ms}
        """));
    AppliedPolicy policy = BW.policy(AppliedPolicy.RETRY, "methods");
    policy.awaitProgrammed();
    BW.awaitRouted("methods");

    flaky.schedule(TrySchedule.failFirst(1, 503));
    // default methods: the idempotent ones
    assertThat(once(flaky, "GET", "methods")).isEqualTo(new Outcome(200, 2));
    assertThat(once(flaky, "PUT", "methods")).isEqualTo(new Outcome(200, 2));
    assertThat(once(flaky, "POST", "methods")).isEqualTo(new Outcome(503, 1));
    assertThat(once(flaky, "PATCH", "methods")).isEqualTo(new Outcome(503, 1));
    flaky.schedule(TrySchedule.failFirst(1, 409));
    assertThat(once(flaky, "GET", "methods")).as("409 is not listed").isEqualTo(new Outcome(409, 1));

    BW.apply(Manifests.retryPolicy("methods", "methods", 80, """
        backoff: {baseDelay: 10ms, maxDelay: 50ms}
        methods: [GET, POST]
        retriableStatuses: [409]
        """));
    policy.awaitProgrammed();

    assertThat(once(flaky, "POST", "methods")).isEqualTo(new Outcome(200, 2));
    assertThat(once(flaky, "GET", "methods")).isEqualTo(new Outcome(200, 2));
    assertThat(once(flaky, "PUT", "methods")).as("PUT is no longer listed")
        .isEqualTo(new Outcome(409, 1));
    flaky.schedule(TrySchedule.failFirst(1, 503));
    assertThat(once(flaky, "POST", "methods")).as("gateway errors stay retried")
        .isEqualTo(new Outcome(200, 2));
  }

  /**
   * A dependency wholly down (every try answers 503 after 200 ms) under steady load from 40
   * clients, maxAttempts 3, budget 20 %: without a cap the upstream would see 3x the offered
   * requests. Envoy's budget caps retries in progress (back-off included) at 20 % of the requests
   * in progress, at least minConcurrency (3): with a back-off as long as a failing try, retries
   * stay near 0.2 * 200 / (200 + 0.8 * 200) = 11 % of the offered requests (notes 6.3). The bound
   * asserted is the 1.2x; the ratio measured is logged.
   */
  @Test
  void aBudgetKeepsAWhollyDownDependencyBelowOnePointTwoTimesTheOfferedLoad() {
    Upstream down = BW.upstream("down").failWith(503).delay(Duration.ofMillis(200));
    BW.backend("down", 80, down);
    BW.apply(Manifests.retryPolicy("budget", "down", 80, """
        maxAttempts: 3
        backoff: {baseDelay: 400ms, maxDelay: 2s}
        budget: {percent: 20, minConcurrency: 3}
        """));
    AppliedPolicy policy = BW.policy(AppliedPolicy.RETRY, "budget");
    policy.awaitProgrammed();
    awaitReaches("down", down);
    down.resetCounters();
    String cluster = BW.cluster("down", 80);
    long overflowBefore = BW.admin().stat("cluster." + cluster + ".upstream_rq_retry_overflow");

    List<LoadClient> clients = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      clients.add(LoadClient.unpaced("c" + i, BW.host("down"), "/"));
    }
    LoadReport report = BW.load().run(clients, Duration.ofSeconds(8));
    long offered = report.total();
    long seen = down.requests();
    double ratio = (double) seen / offered;
    long overflow =
        BW.admin().stat("cluster." + cluster + ".upstream_rq_retry_overflow") - overflowBefore;
    LOG.info("budget 20%, dependency down: offered {}, upstream saw {} = {}x, retries refused {}; {}",
        offered, seen, String.format("%.3f", ratio), overflow, report);

    assertThat(report.statusCounts().keySet()).containsOnly(503);
    assertThat(seen).as("retries happened").isGreaterThan(offered);
    assertThat(ratio).as("upstream tries / offered requests").isLessThanOrEqualTo(1.2);
    assertThat(overflow).as("retries the budget refused").isPositive();
    policy.awaitUntil("budgetOverflows counted", Duration.ofSeconds(20),
        p -> p.at("/status/retry/budgetOverflows").asLong() > 0);
  }

  /**
   * A 503 carrying {@code Retry-After: 1}: with honorRetryAfter the retry reaches the upstream
   * 1 to 1.5 s later (Envoy's jitter on the value); without it the 10 ms back-off applies.
   */
  @Test
  void honorRetryAfterWaitsWhatTheServerSays() {
    Upstream busy = BW.upstream("busy");
    BW.backend("busy", 80, busy);
    String spec = """
        backoff: {baseDelay: 10ms, maxDelay: 20ms}
        honorRetryAfter: %s
        """;
    BW.apply(Manifests.retryPolicy("busy", "busy", 80, spec.formatted("false")));
    AppliedPolicy policy = BW.policy(AppliedPolicy.RETRY, "busy");
    policy.awaitProgrammed();
    BW.awaitRouted("busy");
    busy.schedule(TrySchedule.failFirst(1, 503).withFailureHeader("Retry-After", "1"))
        .resetCounters();

    assertThat(requests("GET", "busy", 5)).extracting(HttpResponse::status).containsOnly(200);
    List<Double> ignored = busy.tries().gapsByRetry().get(0);

    BW.apply(Manifests.retryPolicy("busy", "busy", 80, spec.formatted("true")));
    policy.awaitProgrammed();
    busy.resetCounters();
    assertThat(requests("GET", "busy", 5)).extracting(HttpResponse::status).containsOnly(200);
    List<Double> honoured = busy.tries().gapsByRetry().get(0);
    LOG.info("Retry-After: 1 -> gap before the retry: ignored {} ms, honoured {} ms", ignored,
        honoured);

    assertThat(ignored).hasSize(5)
        .allSatisfy(g -> assertThat(g).isLessThan(20 + SCHEDULING_SLACK_MS));
    assertThat(honoured).hasSize(5)
        .allSatisfy(g -> assertThat(g).isBetween(1000.0, 1500 + SCHEDULING_SLACK_MS));
  }

  /**
   * With a CircuitBreakerPolicy on the same port: a request that failed on the bad endpoint is
   * retried on the other one (previous_hosts), so callers see only 200s while the breaker still
   * counts the bad endpoint's failures and opens it; a full outage opens both. The budget
   * replaces the breaker's limits.maxRetries, which the breaker reports as Overridden.
   */
  @Test
  void withABreakerRetriesGoToOtherEndpointsAndTheBreakerStillOpens() {
    Upstream good = BW.upstream("good");
    Upstream bad = BW.upstream("bad").failWith(503);
    BW.backend("pair", 80, good, bad);
    BW.apply(Manifests.circuitBreaker("pair", "pair", 80, """
        gatewayFailureThreshold: 3
        monitoringPeriod: 1s
        resetTimeout: 30s
        maxOpenEndpointsPercent: 100
        limits: {maxRetries: 5}
        """));
    BW.apply(Manifests.retryPolicy("pair", "pair", 80, """
        maxAttempts: 3
        backoff: {baseDelay: 10ms, maxDelay: 50ms}
        budget: {percent: 20, minConcurrency: 3}
        """));
    AppliedPolicy breaker = BW.policy(AppliedPolicy.CIRCUIT_BREAKER, "pair");
    BW.policy(AppliedPolicy.RETRY, "pair").awaitProgrammed();
    breaker.awaitProgrammed();
    breaker.awaitCondition("Overridden", "True", "RetryBudget");
    String cluster = BW.cluster("pair", 80);

    List<HttpResponse> responses = requests("GET", "pair", 30);

    assertThat(responses).extracting(HttpResponse::status).containsOnly(200);
    Map<String, List<TryLog.Try>> badTries = bad.tries().requests();
    Map<String, List<TryLog.Try>> goodTries = good.tries().requests();
    assertThat(badTries).as("requests that reached the bad endpoint").isNotEmpty();
    assertThat(badTries).allSatisfy((id, tries) -> {
      assertThat(tries).as("tries of %s on the bad endpoint", id).hasSize(1);
      assertThat(goodTries.get(id)).as("its retry went to the good endpoint").hasSize(1);
      assertThat(goodTries.get(id).get(0).arrivedNanos()).isGreaterThan(tries.get(0).arrivedNanos());
    });
    await("bad endpoint open").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
        .until(() -> BW.admin().healthFlags(cluster, bad.port()).contains("failed_outlier_check"));
    breaker.awaitUntil("PartiallyOpen, 1 endpoint open", Duration.ofSeconds(20),
        p -> "PartiallyOpen".equals(p.at("/status/state").asText())
            && p.at("/status/breaker/openEndpoints").asInt() == 1);

    good.failWith(503);
    List<HttpResponse> outage = new ArrayList<>();
    await("both endpoints open").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
        .until(() -> {
          outage.addAll(requests("GET", "pair", 1));
          return BW.admin().healthFlags(cluster, good.port()).contains("failed_outlier_check");
        });
    breaker.awaitUntil("2 endpoints open", Duration.ofSeconds(20),
        p -> p.at("/status/breaker/openEndpoints").asInt() == 2);
    LOG.info("full outage: {} requests until both endpoints were open: {}", outage.size(),
        outage.stream().map(HttpResponse::status).toList());
    assertThat(outage).extracting(HttpResponse::status).containsOnly(503);
  }

  private record Outcome(int status, int tries) {}

  /** One request with a fresh try log: what the caller got and how many tries the upstream saw. */
  private static Outcome once(Upstream upstream, String method, String service) {
    upstream.resetCounters();
    HttpResponse response = requests(method, service, 1).get(0);
    Map<String, List<TryLog.Try>> tries = upstream.tries().requests();
    assertThat(tries).as("one request reached the upstream").hasSize(1);
    List<TryLog.Try> only = tries.values().iterator().next();
    assertThat(only).allSatisfy(t -> assertThat(t.method()).isEqualTo(method));
    return new Outcome(response.status(), only.size());
  }

  /** {@code n} requests one after the other on one connection. */
  static List<HttpResponse> requests(String method, String service, int n) {
    List<HttpResponse> out = new ArrayList<>();
    try (HttpConnection c = new HttpConnection(BW.listenerPort())) {
      for (int i = 0; i < n; i++) {
        out.add(c.send(method, BW.host(service), "/", Map.of(),
            method.equals("GET") ? null : "{\"order\": " + i + "}"));
      }
    }
    return out;
  }

  /** {@code perClient} requests on each of {@code clients} connections at once. */
  private static List<HttpResponse> parallelRequests(String method, String service, int clients,
      int perClient) throws Exception {
    var pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
    try {
      List<java.util.concurrent.Future<List<HttpResponse>>> runs = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        runs.add(pool.submit(() -> requests(method, service, perClient)));
      }
      List<HttpResponse> out = new ArrayList<>();
      for (var run : runs) {
        out.addAll(run.get(60, java.util.concurrent.TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Waits until Envoy sends requests for {@code service} to {@code upstream} (any status). */
  private static void awaitReaches(String service, Upstream upstream) {
    await("Envoy routes " + service + " to " + upstream.name()).atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> upstream.name().equals(requests("GET", service, 1).get(0).header("x-upstream")));
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }
}
