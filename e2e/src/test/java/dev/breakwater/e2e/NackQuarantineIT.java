package dev.breakwater.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import dev.breakwater.operator.quarantine.NackQuarantine;
import dev.breakwater.operator.xds.AckTracker;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 11, item 1: whatever a proxy rejects stays with the policy that caused it. Twenty
 * policies Envoy refuses ({@link EnvoyRefusals}: half refused clusters, half a refused route
 * in the shared route configuration) arrive among a hundred changes of ten other policies,
 * one apply every 200 ms, under steady load through those ten. Every other change is Programmed
 * within 2 s of its apply, no request fails, each refused policy is Accepted=False Rejected with
 * Envoy's reason, fewer than 100 NACKs are exchanged in all, each rejection is logged once, and a
 * refused policy that is fixed comes back by itself.
 */
class NackQuarantineIT {
  private static final Logger LOG = LoggerFactory.getLogger(NackQuarantineIT.class);
  private static final int GOOD = 10;
  private static final int GOOD_CHANGES = 100;
  private static final int REFUSED = 20;
  private static final Duration STEP = Duration.ofMillis(200);
  private static final Duration PROGRAMMED_WITHIN = Duration.ofSeconds(2);

  @RegisterExtension
  static final Breakwater BW = Breakwater.withTranslation("nack", EnvoyRefusals.wrapper());

  /** One apply: what, and when (nanoTime). */
  private record Change(String kind, String name, long generation, long appliedAt) {}

  @Test
  void refusedPoliciesAreSetAsideWhileEveryOtherChangeFlows() throws Exception {
    Upstream shared = BW.upstream("shared");
    for (int i = 0; i < GOOD; i++) {
      BW.backend("g" + i, 80, shared);
    }
    for (int i = 0; i < REFUSED; i++) {
      BW.backend("r" + i, 80, shared);
    }
    for (int i = 0; i < GOOD; i++) {
      BW.apply(good(i, 1000));
    }
    for (int i = 0; i < GOOD; i++) {
      BW.policy(AppliedPolicy.RATE_LIMIT, "good-" + i).awaitProgrammed();
    }

    List<LoadClient> clients = new ArrayList<>();
    for (int i = 0; i < GOOD; i++) {
      clients.add(LoadClient.paced("c" + i, BW.host("g" + i), "/", 10));
    }
    List<Change> goodChanges = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    try (StatusTimeline timeline = new StatusTimeline(BW.client(), BW.namespace(),
            AppliedPolicy.RATE_LIMIT, AppliedPolicy.CIRCUIT_BREAKER);
        LogLines quarantineLog = new LogLines(NackQuarantine.class);
        LogLines ackLog = new LogLines(AckTracker.class)) {
      LoadGenerator.Run run = BW.load().start(clients, Duration.ofSeconds(120));
      applyInterleaved(goodChanges, refused);

      // each policy's last change must come through; an earlier one may never be seen
      // Programmed if a later one came first (reported below as missing)
      await("the last change of every good policy Programmed").atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200)).until(() -> goodChanges
              .subList(goodChanges.size() - GOOD, goodChanges.size()).stream()
              .allMatch(c -> timeline.programmedAt(c.kind(), c.name(), c.generation())
                  .isPresent()));
      List<Change> missing = goodChanges.stream().filter(c -> timeline.programmedAt(c.kind(),
          c.name(), c.generation()).isEmpty()).toList();
      assertThat(missing).as("good changes never seen Programmed").isEmpty();
      for (String name : refused) {
        JsonNode p = policy(name).awaitCondition("Accepted", "False", "Rejected");
        assertThat(AppliedPolicy.condition(p, "Accepted").path("message").asText())
            .as(name).containsAnyOf("ConnectTimeout", "missing )").contains("rejected the");
        assertThat(AppliedPolicy.condition(p, "Programmed").path("status").asText())
            .isEqualTo("False");
      }
      run.stop();
      LoadReport report = run.await();

      List<Long> millis = goodChanges.stream().map(c -> {
        OptionalLong at = timeline.programmedAt(c.kind(), c.name(), c.generation());
        return (at.getAsLong() - c.appliedAt()) / 1_000_000;
      }).sorted().toList();
      long nacks = Math.round(BW.operator().registry().find("breakwater.xds.nacks").counters()
          .stream().mapToDouble(Counter::count).sum());
      // Envoy counts a refused response once per subscription it reached: CDS has one, RDS
      // one per route configuration, so a long-lived one (g0's) saw every refused RDS response.
      long envoyRejected = BW.admin().stat("cluster_manager.cds.update_rejected")
          + BW.admin().stats("\\.rds\\..*/g0\\.update_rejected$").values().stream()
              .mapToLong(Long::longValue).max().orElse(0);
      List<String> rejectionLines = quarantineLog.atLeast(Level.WARN);
      LOG.info("{} good changes, apply to Programmed ms: median {} p95 {} max {}; {} refused "
              + "policies; NACKs: operator {} Envoy {}; load {}; rejection log lines {}",
          millis.size(), millis.get(millis.size() / 2), millis.get(millis.size() * 95 / 100),
          millis.get(millis.size() - 1), refused.size(), nacks, envoyRejected, report,
          rejectionLines.size());

      assertThat(millis.get(millis.size() - 1)).as("slowest good change, ms")
          .isLessThanOrEqualTo(PROGRAMMED_WITHIN.toMillis());
      assertThat(report.statusCounts()).as("no request failed; failures by client: %s",
          report.samples().stream().filter(x -> x.status() != 200)
              .map(x -> x.client() + "@" + java.time.Instant.ofEpochMilli(
                  System.currentTimeMillis() - (System.nanoTime() - x.startNanos()) / 1_000_000)
                  + ":" + x.status())
              .toList()).containsOnlyKeys(200);
      assertThat(report.total()).isGreaterThan(500);
      assertThat(nacks).as("NACKs in all").isPositive().isLessThan(100);
      assertThat(envoyRejected).as("Envoy's own count of refused updates").isEqualTo(nacks);
      assertThat(rejectionLines).as("one line per rejection").hasSize(REFUSED)
          .allMatch(l -> l.contains("set aside"));
      assertThat(ackLog.atLeast(Level.WARN)).as("no line per NACK").isEmpty();
    }

    // fixed: comes back by itself
    BW.apply(Manifests.circuitBreaker("refused-0", "r0", 80, "limits: {maxRequests: 667}"));
    policy("refused-0").awaitProgrammed();
    assertThat(policy("refused-0").has("Accepted", "True", null)).isTrue();
  }

  /**
   * 100 good changes round-robin over ten policies, one per step; every sixth step a good
   * change, a refused policy and another good change back to back.
   */
  private void applyInterleaved(List<Change> goodChanges, List<String> refused)
      throws InterruptedException {
    ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
    AtomicInteger step = new AtomicInteger();
    AtomicInteger goodDone = new AtomicInteger();
    try {
      ScheduledFuture<?> task = pacer.scheduleAtFixedRate(() -> {
        int s = step.getAndIncrement();
        if (s % 6 == 5 && refused.size() < REFUSED) {
          // a burst: a lone change is published at once, what follows within the window is
          // published together, so the refused policy shares a snapshot with a good change and
          // the operator has to find which of the two the proxy refused
          applyGood(goodChanges, goodDone);
          int k = refused.size();
          String name = "refused-" + k;
          BW.apply(k % 2 == 0
              ? Manifests.circuitBreaker(name, "r" + k, 80,
                  "limits: {maxRequests: " + EnvoyRefusals.POISON + "}")
              : Manifests.rateLimit(name, "r" + k, 80,
                  "limits: [{name: all, requests: " + EnvoyRefusals.POISON + ", period: 1s}]"));
          synchronized (refused) {
            refused.add(name);
          }
          applyGood(goodChanges, goodDone);
        } else {
          applyGood(goodChanges, goodDone);
        }
      }, 0, STEP.toMillis(), TimeUnit.MILLISECONDS);
      await("all changes applied").atMost(Duration.ofSeconds(120))
          .until(() -> goodDone.get() >= GOOD_CHANGES && refused.size() >= REFUSED);
      task.cancel(false);
    } finally {
      pacer.shutdown();
      pacer.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  private static void applyGood(List<Change> goodChanges, AtomicInteger goodDone) {
    if (goodDone.get() >= GOOD_CHANGES) {
      return;
    }
    int g = goodDone.getAndIncrement();
    String name = "good-" + (g % GOOD);
    long applied = System.nanoTime();
    long generation = Kube.apply(BW.client(), BW.namespace(), good(g % GOOD, 1001 + g))
        .get(0).getMetadata().getGeneration();
    synchronized (goodChanges) {
      goodChanges.add(new Change(AppliedPolicy.RATE_LIMIT, name, generation, applied));
    }
  }

  private static AppliedPolicy policy(String name) {
    String kind = Integer.parseInt(name.substring(name.indexOf('-') + 1)) % 2 == 0
        ? AppliedPolicy.CIRCUIT_BREAKER : AppliedPolicy.RATE_LIMIT;
    return BW.policy(kind, name);
  }

  private static String good(int i, int requests) {
    return Manifests.rateLimit("good-" + i, "g" + i, 80,
        "limits: [{name: all, requests: " + requests + ", period: 1s}]");
  }
}
