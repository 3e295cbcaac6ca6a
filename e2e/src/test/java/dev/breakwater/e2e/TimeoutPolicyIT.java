package dev.breakwater.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TimeoutPolicy (with RetryPolicy's perTryTimeout) against real traffic: latencies measured from
 * the caller's seat, tries counted at the upstream. The connect timeout has its own class
 * ({@link ConnectTimeoutIT}): it drops SYNs inside the suite's network namespace.
 */
class TimeoutPolicyIT {
  private static final Logger LOG = LoggerFactory.getLogger(TimeoutPolicyIT.class);
  /**
   * Envoy's timers fire on time; what the caller measures on top is the proxy's and the test's
   * own scheduling, tens of ms on a loaded 2-core machine (measured: 2-35 ms).
   */
  private static final long SLACK_MS = 250;
  /**
   * Envoy arms its timers from the event loop's cached time, which can lag real time by a ms or
   * two, so a timer may fire just before the caller's clock says it should (measured 999 ms for 1s).
   */
  private static final long EARLY_MS = 5;

  @RegisterExtension
  static final Breakwater BW = new Breakwater("tmo");

  @Test
  void aSlowFirstTryIsCutAtPerTryTimeoutAndTheRetrySucceeds() {
    Upstream slow = BW.upstream("slowfirst");
    BW.backend("slowfirst", 80, slow);
    BW.apply(Manifests.retryPolicy("slowfirst", "slowfirst", 80, """
        perTryTimeout: 300ms
        backoff: {baseDelay: 10ms, maxDelay: 50ms}
        """));
    BW.apply(Manifests.timeoutPolicy("slowfirst", "slowfirst", 80, "request: 5s\n"));
    AppliedPolicy retry = BW.policy(AppliedPolicy.RETRY, "slowfirst");
    retry.awaitProgrammed();
    BW.policy(AppliedPolicy.TIMEOUT, "slowfirst").awaitProgrammed();
    BW.awaitRouted("slowfirst");
    slow.schedule(TrySchedule.slowFirst(1, Duration.ofSeconds(2))).resetCounters();

    List<Timed> answers = timed("slowfirst", 10);
    LOG.info("first try 2 s, perTryTimeout 300ms: {}", answers);

    assertThat(answers).allSatisfy(a -> {
      assertThat(a.status()).isEqualTo(200);
      // cut at 300 ms, then a back-off below 10 ms, then a fast try
      assertThat(a.millis()).isBetween(300L - EARLY_MS, 300L + 10 + SLACK_MS);
    });
    assertThat(slow.tries().requests()).hasSize(10)
        .allSatisfy((id, tries) -> assertThat(tries).hasSize(2));
    retry.awaitUntil("perTryTimeouts counted", Duration.ofSeconds(20),
        p -> p.at("/status/retry/perTryTimeouts").asLong() >= 10);
  }

  /**
   * Every try takes 2 s, perTryTimeout 300ms, up to 10 tries: the request timeout of 1 s still
   * ends the request, retries and back-off included, with 504.
   */
  @Test
  void theRequestTimeoutBoundsTheWholeRequestRetriesIncluded() {
    Upstream slow = BW.upstream("slowall");
    BW.backend("slowall", 80, slow);
    BW.apply(Manifests.retryPolicy("slowall", "slowall", 80, """
        maxAttempts: 10
        perTryTimeout: 300ms
        backoff: {baseDelay: 10ms, maxDelay: 50ms}
        """));
    BW.apply(Manifests.timeoutPolicy("slowall", "slowall", 80, "request: 1s\n"));
    BW.policy(AppliedPolicy.RETRY, "slowall").awaitProgrammed();
    AppliedPolicy timeout = BW.policy(AppliedPolicy.TIMEOUT, "slowall");
    timeout.awaitProgrammed();
    BW.awaitRouted("slowall");
    slow.delay(Duration.ofSeconds(2)).resetCounters();

    List<Timed> answers = timed("slowall", 5);
    LOG.info("every try 2 s, perTryTimeout 300ms, request 1s: {}; tries {}", answers,
        slow.tries().requests().values().stream().map(List::size).toList());

    assertThat(answers).allSatisfy(a -> {
      assertThat(a.status()).isEqualTo(504);
      assertThat(a.body()).contains("upstream request timeout");
      assertThat(a.millis()).isBetween(1000L - EARLY_MS, 1000L + SLACK_MS);
    });
    // 1 s holds three 300 ms tries and their back-offs, and the start of a fourth at most
    assertThat(slow.tries().requests()).hasSize(5)
        .allSatisfy((id, tries) -> assertThat(tries).hasSizeBetween(3, 4));
    timeout.awaitUntil("TimingOut, 5 request timeouts", Duration.ofSeconds(20),
        p -> "TimingOut".equals(p.at("/status/state").asText())
            && p.at("/status/timeouts/requestTimeouts").asLong() >= 5);
  }

  /** No byte either way for {@code idle}: Envoy ends the stream; 504 before any response. */
  @Test
  void anIdleStreamIsClosedAfterIdle() {
    Upstream silent = BW.upstream("silent");
    BW.backend("silent", 80, silent);
    BW.apply(Manifests.timeoutPolicy("silent", "silent", 80, """
        request: 0s
        idle: 500ms
        """));
    BW.policy(AppliedPolicy.TIMEOUT, "silent").awaitProgrammed();
    BW.awaitRouted("silent");
    silent.delay(Duration.ofSeconds(3));

    List<Timed> answers = timed("silent", 3);
    LOG.info("upstream silent 3 s, idle 500ms, request off: {}", answers);

    assertThat(answers).allSatisfy(a -> {
      assertThat(a.status()).isEqualTo(504);
      assertThat(a.body()).isEqualTo("stream timeout");
      assertThat(a.millis()).isBetween(500L - EARLY_MS, 500L + SLACK_MS);
    });
  }

  /**
   * perTryTimeout must be shorter than the request timeout on the same port: otherwise the
   * RetryPolicy is not accepted there (the TimeoutPolicy stays), and it is once that holds.
   */
  @Test
  void aPerTryTimeoutNotShorterThanTheRequestIsNotAccepted() {
    Upstream u = BW.upstream("clash");
    BW.backend("clash", 80, u);
    BW.apply(Manifests.timeoutPolicy("clash", "clash", 80, "request: 2s\n"));
    BW.apply(Manifests.retryPolicy("clash", "clash", 80, "perTryTimeout: 2s\n"));
    AppliedPolicy retry = BW.policy(AppliedPolicy.RETRY, "clash");
    AppliedPolicy timeout = BW.policy(AppliedPolicy.TIMEOUT, "clash");

    var refused = retry.awaitCondition("Accepted", "False", "PerTryTimeoutNotShorter");
    timeout.awaitCondition("Accepted", "True", "Accepted");
    assertThat(AppliedPolicy.condition(refused, "Accepted").path("message").asText())
        .contains("perTryTimeout 2s", "request timeout 2s of TimeoutPolicy");

    BW.apply(Manifests.timeoutPolicy("clash", "clash", 80, "request: 5s\n"));
    retry.awaitCondition("Accepted", "True", "Accepted");
    retry.awaitProgrammed();
  }

  private record Timed(int status, long millis, String body) {
    @Override
    public String toString() {
      return status + "@" + millis + "ms";
    }
  }

  private static List<Timed> timed(String service, int n) {
    List<Timed> out = new ArrayList<>();
    try (HttpConnection c = new HttpConnection(BW.listenerPort())) {
      for (int i = 0; i < n; i++) {
        long start = System.nanoTime();
        HttpResponse r = c.get(BW.host(service), "/", Map.of());
        out.add(new Timed(r.status(), (System.nanoTime() - start) / 1_000_000, r.body()));
      }
    }
    return out;
  }
}
