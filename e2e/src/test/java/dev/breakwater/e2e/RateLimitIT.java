package dev.breakwater.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RateLimitPolicy against real traffic. A token bucket of {@code burst} tokens refilled with
 * {@code requests} tokens every {@code period} lets a client that always asks for more pass
 * {@code burst + requests * T/period} requests in T; the refill ticks are Envoy's own, not aligned
 * with the test's start, so the tolerance is one refill ({@code requests}) either way.
 */
class RateLimitIT {
  private static final Logger LOG = LoggerFactory.getLogger(RateLimitIT.class);
  private static final String[] HEADERS =
      {"x-upstream", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset",
          "retry-after", "x-breakwater-limited"};

  @RegisterExtension
  static final Breakwater BW = new Breakwater("rl");

  @Test
  void tenPerSecondPerUserHeader() {
    Upstream api = BW.upstream("api");
    BW.backend("api", 80, api);
    BW.apply(Manifests.rateLimit("per-user", "api", 80, """
        responseHeaders: true
        limits:
        - name: per-user
          requests: 10
          period: 1s
          key: {header: x-user-id}
        """));
    AppliedPolicy policy = BW.policy(AppliedPolicy.RATE_LIMIT, "per-user");
    policy.awaitProgrammed();

    LoadGenerator.Run run = BW.load(HEADERS).start(List.of(
        LoadClient.paced("alice", BW.host("api"), "/", 30).withHeader("x-user-id", "alice"),
        LoadClient.paced("bob", BW.host("api"), "/", 30).withHeader("x-user-id", "bob")),
        Duration.ofSeconds(6));
    AssertionError status = checkLimited(policy, "Limiting", Duration.ofSeconds(6));
    LoadReport report = run.await();
    LOG.info("per-user 10 rps: {}, alice {}, bob {}", report, report.statusCounts("alice"),
        report.statusCounts("bob"));

    assertThat(report.statusCounts().keySet()).containsOnly(200, 429);
    double seconds = report.seconds();
    for (String user : List.of("alice", "bob")) {
      long allowed = report.count(s -> s.client().equals(user) && s.status() == 200);
      double expected = 10 + 10 * seconds;
      assertThat((double) allowed).as("%s allowed in %.1f s (burst 10 + 10 rps, +-10)", user,
          seconds).isBetween(expected - 10, expected + 10);
      assertThat(report.count(s -> s.client().equals(user) && s.status() == 429)).isPositive();
    }
    assertThat(report.samples()).filteredOn(s -> s.status() == 429).allSatisfy(s -> {
      assertThat(s.header("x-ratelimit-limit")).startsWith("10");
      // Envoy reads the bucket when it writes the headers, not when it refused: on a loaded
      // machine a token (one per 100 ms here) can come back in between (a run saw "1")
      assertThat(Long.parseLong(s.header("x-ratelimit-remaining"))).isBetween(0L, 9L);
      assertThat(s.header("x-ratelimit-reset")).isNotBlank();
      // seconds until a token: Envoy's reset rounds down, Retry-After rounds up
      assertThat(s.header("retry-after"))
          .isEqualTo(String.valueOf(Long.parseLong(s.header("x-ratelimit-reset")) + 1));
      assertThat(s.header("x-breakwater-limited")).as("internal marker removed").isNull();
    });
    assertThat(status).as("live status while limiting").isNull();
  }

  @Test
  void matchLimitsOnlyTheMatchedPath() {
    Upstream chat = BW.upstream("chat");
    BW.backend("chat", 80, chat);
    BW.apply(Manifests.rateLimit("chat-only", "chat", 80, """
        limits:
        - name: chat
          requests: 5
          period: 1s
          match: {path: {type: Prefix, value: /chat}}
        """));
    BW.policy(AppliedPolicy.RATE_LIMIT, "chat-only").awaitProgrammed();

    LoadReport report = BW.load(HEADERS).run(List.of(
        LoadClient.paced("chat", BW.host("chat"), "/chat/room", 20),
        LoadClient.paced("other", BW.host("chat"), "/other", 20)), Duration.ofSeconds(4));
    LOG.info("match /chat 5 rps: chat {}, other {}", report.statusCounts("chat"),
        report.statusCounts("other"));

    assertThat(report.statusCounts("other")).containsOnlyKeys(200);
    long allowed = report.count(s -> s.client().equals("chat") && s.status() == 200);
    double expected = 5 + 5 * report.seconds();
    assertThat((double) allowed).isBetween(expected - 5, expected + 5);
    assertThat(report.count(s -> s.client().equals("chat") && s.status() == 429)).isPositive();
  }

  @Test
  void dryRunLetsEverythingThroughAndCounts() {
    Upstream dry = BW.upstream("dry");
    BW.backend("dry", 80, dry);
    BW.apply(Manifests.rateLimit("dry", "dry", 80, """
        mode: DryRun
        limits: [{name: all, requests: 5, period: 1s}]
        """));
    AppliedPolicy policy = BW.policy(AppliedPolicy.RATE_LIMIT, "dry");
    policy.awaitProgrammed();

    LoadGenerator.Run run = BW.load(HEADERS).start(
        List.of(LoadClient.paced("c", BW.host("dry"), "/", 20)), Duration.ofSeconds(6));
    AssertionError status = checkLimited(policy, "WouldLimit", Duration.ofSeconds(6));
    LoadReport report = run.await();
    LOG.info("dry run 5 rps: {}", report);

    assertThat(report.statusCounts()).containsOnlyKeys(200);
    assertThat(report.total()).isGreaterThan(60);
    // Any stat scope of this policy's buckets: breakwater_rl~<ns>~<policy>~<limit or route>.
    var stats = BW.admin().stats("^" + Pattern.quote("breakwater_rl~" + BW.namespace() + "~dry~"));
    LOG.info("dry run rate limit stats: {}", stats);
    assertThat(stats).anySatisfy((k, v) -> {
      assertThat(k).endsWith(".http_local_rate_limit.rate_limited");
      assertThat(v).isGreaterThan(report.total() / 2);
    });
    assertThat(stats).anySatisfy((k, v) -> {
      assertThat(k).endsWith(".http_local_rate_limit.enforced");
      assertThat(v).isZero();
    });
    assertThat(status).as("live status while it would limit").isNull();
  }

  /**
   * Live state while traffic is being limited (or would be, in DryRun); returned rather than
   * thrown, so the traffic numbers are still checked (and logged) when the status is wrong.
   */
  private static AssertionError checkLimited(AppliedPolicy policy, String state, Duration atMost) {
    try {
      policy.awaitUntil("state " + state + ", limitedRequests > 0", atMost,
          p -> state.equals(p.at("/status/state").asText())
              && p.at("/status/rateLimit/limitedRequests").asLong() > 0);
      return null;
    } catch (AssertionError e) {
      return e;
    }
  }
}
