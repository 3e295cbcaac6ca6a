package dev.breakwater.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Rate limit", from the caller's seat: with several limits on the same requests, what passes is
 * what the tightest limit alone would admit (a request refused by one takes no token from
 * another); the limit holds while other tenants change their policies; a refused caller is told
 * when to come back (Retry-After). Local limits: per proxy (one Envoy here).
 *
 * <p>Expected counts use Envoy's continuous token bucket: a limit of {@code r} per {@code p} with
 * bucket {@code b} admits {@code b + r/p * T} in {@code T} seconds of overload.
 */
class RateLimitConformanceIT {
  private static final Logger LOG = LoggerFactory.getLogger(RateLimitConformanceIT.class);

  @RegisterExtension
  static final Breakwater BW = new Breakwater("rl-conformance");

  @Test
  void twoLimitsPerUserAdmitWhatTheTightestAloneAdmits() {
    BW.backend("chat", 80, BW.upstream("chat"));
    BW.apply(Manifests.rateLimit("chat", "chat", 80, """
        limits:
        - {name: per-minute, requests: 300, period: 1m, key: {header: x-user-id}}
        - {name: per-second, requests: 20, period: 1s, key: {header: x-user-id}}
        """));
    BW.policy(AppliedPolicy.RATE_LIMIT, "chat").awaitProgrammed();
    BW.awaitRouted("chat");

    LoadReport report = BW.load().run(List.of(
        LoadClient.paced("alice", BW.host("chat"), "/", 100).withHeader("x-user-id", "alice"),
        LoadClient.paced("bob", BW.host("chat"), "/", 100).withHeader("x-user-id", "bob")),
        Duration.ofSeconds(10));
    for (String user : List.of("alice", "bob")) {
      long admitted = report.count(s -> s.client().equals(user) && s.status() == 200);
      double expected = 20 + 20 * report.seconds();
      LOG.info("{}: 20/s + 300/min at 100 rps: {} admitted, {} expected", user, admitted,
          expected);
      assertThat((double) admitted).as("%s admitted (tightest alone %.0f, +-5%%)", user, expected)
          .isBetween(expected * 0.95, expected * 1.05);
    }
  }

  @Test
  void threeLimitsOnOneBucketAdmitWhatTheTightestAloneAdmits() {
    BW.backend("feed", 80, BW.upstream("feed"));
    BW.apply(Manifests.rateLimit("feed", "feed", 80, """
        limits:
        - {name: per-minute, requests: 300, period: 1m}
        - {name: per-five, requests: 50, period: 5s}
        - {name: per-second, requests: 10, period: 1s}
        """));
    BW.policy(AppliedPolicy.RATE_LIMIT, "feed").awaitProgrammed();
    BW.awaitRouted("feed");

    LoadReport report = BW.load().run(
        List.of(LoadClient.paced("caller", BW.host("feed"), "/", 50)), Duration.ofSeconds(8));
    double t = report.seconds();
    double expected = Math.min(10 + 10 * t, Math.min(50 + 10 * t, 300 + 5 * t));
    long admitted = report.count(200);
    LOG.info("10/s + 50/5s + 300/min at 50 rps (5x) for {} s: {} admitted, {} expected", t,
        admitted, expected);
    assertThat((double) admitted).isBetween(expected * 0.95, expected * 1.05);
    assertThat(report.statusCounts().keySet()).containsOnly(200, 429);
  }

  /**
   * Retry-After is the seconds until a token is available: a caller waiting that long gets in,
   * and the header is never early nor more than a second late.
   */
  @Test
  void retryAfterSaysWhenATokenIsBackWithinOneSecond() {
    BW.backend("slowdown", 80, BW.upstream("slowdown"));
    BW.apply(Manifests.rateLimit("slowdown", "slowdown", 80, """
        limits:
        - {name: per-three, requests: 1, period: 3s}
        """));
    BW.policy(AppliedPolicy.RATE_LIMIT, "slowdown").awaitProgrammed();
    BW.awaitRouted("slowdown");

    try (HttpConnection c = new HttpConnection(BW.listenerPort())) {
      HttpResponse refused;
      do {
        refused = c.get(BW.host("slowdown"), "/", Map.of());
      } while (refused.status() == 200);
      assertThat(refused.status()).isEqualTo(429);
      long refusedAt = System.nanoTime();
      long retryAfter = Long.parseLong(refused.header("retry-after"));
      await("admitted again").atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> c.get(BW.host("slowdown"), "/", Map.of()).status() == 200);
      double waited = (System.nanoTime() - refusedAt) / 1e9;
      LOG.info("Retry-After {} s; admitted again after {} s", retryAfter, waited);
      assertThat((double) retryAfter).as("Retry-After vs the real wait (%.2f s)", waited)
          .isBetween(waited - 0.1, waited + 1.0);
    }
  }

  /**
   * A limit holds while another tenant's policy changes every 0.5 s (each change used to refill
   * every bucket of the gateway). Tolerance +2 %.
   */
  @Test
  void aLimitHoldsWhileAnotherTenantsPolicyChangesEveryHalfSecond() {
    BW.backend("canary", 80, BW.upstream("canary"));
    BW.backend("busy", 80, BW.upstream("busy"));
    BW.apply(Manifests.rateLimit("canary", "canary", 80,
        "limits: [{name: all, requests: 10, period: 1s}]"));
    BW.apply(Manifests.rateLimit("busy", "busy", 80,
        "limits: [{name: all, requests: 100, period: 1s}]"));
    BW.policy(AppliedPolicy.RATE_LIMIT, "canary").awaitProgrammed();
    BW.policy(AppliedPolicy.RATE_LIMIT, "busy").awaitProgrammed();
    BW.awaitRouted("canary");

    AtomicInteger changes = new AtomicInteger();
    ScheduledExecutorService tenant = Executors.newSingleThreadScheduledExecutor();
    LoadReport report;
    try {
      LoadGenerator.Run run = BW.load().start(
          List.of(LoadClient.paced("caller", BW.host("canary"), "/", 30)), Duration.ofSeconds(10));
      tenant.scheduleAtFixedRate(() -> BW.apply(Manifests.rateLimit("busy", "busy", 80,
          "limits: [{name: all, requests: " + (100 + changes.incrementAndGet())
              + ", period: 1s}]")), 0, 500, TimeUnit.MILLISECONDS);
      report = run.await();
    } finally {
      tenant.shutdownNow();
    }
    double expected = 10 + 10 * report.seconds();
    LOG.info("canary 10/s at 30 rps for {} s while busy changed {} times: {} admitted, {} "
        + "expected", report.seconds(), changes, report.count(200), expected);
    assertThat((double) report.count(200)).isLessThanOrEqualTo(expected * 1.02);
    assertThat((double) report.count(200)).isGreaterThanOrEqualTo(expected * 0.95);
  }

  /**
   * Another tenant's Services come and go (each change gives one Service its first policy and
   * takes the other's away): new scopes and route configurations appear and old ones leave
   * while the canary's limit holds.
   */
  @Test
  void aLimitHoldsWhileOtherTenantsServicesGainAndLosePoliciesEveryHalfSecond() {
    BW.backend("steady", 80, BW.upstream("steady"));
    BW.backend("comer-a", 80, BW.upstream("comer-a"));
    BW.backend("comer-b", 80, BW.upstream("comer-b"));
    BW.apply(Manifests.rateLimit("steady", "steady", 80,
        "limits: [{name: all, requests: 10, period: 1s}]"));
    BW.policy(AppliedPolicy.RATE_LIMIT, "steady").awaitProgrammed();
    BW.awaitRouted("steady");

    AtomicInteger changes = new AtomicInteger();
    ScheduledExecutorService tenant = Executors.newSingleThreadScheduledExecutor();
    LoadReport report;
    try {
      LoadGenerator.Run run = BW.load().start(
          List.of(LoadClient.paced("caller", BW.host("steady"), "/", 30)), Duration.ofSeconds(10));
      tenant.scheduleAtFixedRate(() -> {
        int n = changes.incrementAndGet();
        String comer = n % 2 == 0 ? "comer-a" : "comer-b";
        String leaver = n % 2 == 0 ? "comer-b" : "comer-a";
        BW.apply(Manifests.rateLimit(comer, comer, 80,
            "limits: [{name: all, requests: 50, period: 1s}]"));
        BW.policy(AppliedPolicy.RATE_LIMIT, leaver).delete();
      }, 0, 500, TimeUnit.MILLISECONDS);
      report = run.await();
    } finally {
      tenant.shutdownNow();
    }
    double expected = 10 + 10 * report.seconds();
    LOG.info("steady 10/s at 30 rps for {} s while {} Services gained or lost a policy: {} "
        + "admitted, {} expected", report.seconds(), changes, report.count(200), expected);
    assertThat(changes.get()).isGreaterThanOrEqualTo(10);
    assertThat((double) report.count(200)).isLessThanOrEqualTo(expected * 1.02);
    assertThat((double) report.count(200)).isGreaterThanOrEqualTo(expected * 0.95);
  }
}
