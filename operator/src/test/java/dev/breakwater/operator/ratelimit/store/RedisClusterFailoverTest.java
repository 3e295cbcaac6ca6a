package dev.breakwater.operator.ratelimit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breakwater.operator.ratelimit.redis.RedisClusterBed;
import dev.breakwater.operator.ratelimit.redis.RedisNode;
import dev.breakwater.xds.policies.ratelimit.descriptor.Algorithm;
import dev.breakwater.xds.policies.ratelimit.descriptor.GlobalLimit;
import dev.breakwater.operator.ratelimit.rules.LimitCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Redis Cluster master killed under load (on a cluster of its own: it stays degraded): only its
 * shard's decisions fail, and only until its replica is promoted; limiting resumes there, and the
 * promoted replica kept every acknowledged decision but those in flight.
 */
class RedisClusterFailoverTest {

  @TempDir
  Path dir;
  RedisClusterBed cluster;
  RedisLimitStore store;

  @BeforeEach
  void startCluster() {
    cluster = RedisClusterBed.start(dir);
    store = RedisLimitStore.start(RedisSettings.cluster(cluster.seeds(), RedisAlgorithmsContract.TIMEOUT));
  }

  @AfterEach
  void stopCluster() {
    if (store != null) {
      store.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aMasterFailingOverUnderLoadInterruptsOnlyItsShardAndLimitingResumes() {
    String policy = RedisAlgorithmsContract.policy("failover");
    List<LimitCheck> checks = new ArrayList<>();
    for (int k = 0; k < 6; k++) {
      checks.add(RedisAlgorithmsContract.check(Algorithm.FixedWindow, policy, "user-" + k, 20, Duration.ofMillis(500)));
    }
    RedisNode victim = ClusterRedisAlgorithmsTest.ownerOf(cluster, RedisKeys.of(checks.get(0)));
    // a ledger on the failing shard: a sliding log that never limits keeps one member per
    // admitted decision, so after the failover it shows how many acknowledged decisions the
    // promoted replica lost (or holds without the caller having heard of them)
    LimitCheck ledger = null;
    for (int i = 0; ledger == null || ClusterRedisAlgorithmsTest.ownerOf(cluster, RedisKeys.of(ledger)) != victim; i++) {
      ledger = RedisAlgorithmsContract.check(Algorithm.SlidingWindow, policy, "ledger-" + i, 1_000_000, Duration.ofHours(1));
    }
    checks.add(ledger);
    List<LimitCheck> onVictim = checks.stream().filter(c -> ClusterRedisAlgorithmsTest.ownerOf(cluster, RedisKeys.of(c)) == victim).toList();

    Thread killer = new Thread(() -> {
      Clocks.parkUntil(Clocks.nowMicros() + 1_500_000);
      victim.kill();
    });
    killer.start();
    Map<LimitCheck, List<Outcome>> outcomes = OfferedLoad.run(store, checks, 200, Duration.ofSeconds(4));
    await().atMost(Duration.ofSeconds(30)).until(() -> !killer.isAlive());
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(cluster::healthy);

    for (LimitCheck check : checks) {
      List<Outcome> seen = outcomes.get(check);
      assertThat(seen).as("no decision hangs past the timeout")
          .allMatch(o -> o.tookNanos() < RedisAlgorithmsContract.TIMEOUT.plusSeconds(1).toNanos());
      System.out.printf("failover %s on the failed master: %s; failed %d of %d%n", check.key(),
          onVictim.contains(check), seen.stream().filter(Outcome::failed).count(), seen.size());
      if (!onVictim.contains(check)) {
        assertThat(seen).as("other shards keep deciding: " + check.key()).noneMatch(Outcome::failed);
      }
    }
    // the promoted replica takes the shard over: decisions succeed and limit again
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
        .until(() -> store.decide(onVictim.get(0)).join() != null);
    LimitCheck after = RedisAlgorithmsContract.check(Algorithm.FixedWindow, policy, "after", 20, Duration.ofSeconds(5));
    after = new LimitCheck(
        new GlobalLimit(onVictim.get(0).limit().id(), after.limit().rule()),
        onVictim.get(0).key() + "-after", 1);
    assertThat(admitted(store, after, 30)).as("limiting on the promoted replica").isEqualTo(20);

    // and every shard decides again, none slowly
    Map<LimitCheck, List<Outcome>> afterwards = OfferedLoad.run(store, checks, 200, Duration.ofSeconds(2));
    for (LimitCheck check : checks) {
      List<Outcome> seen = afterwards.get(check);
      System.out.printf("after failover %s: failed %d, slowest %.1f ms%n", check.key(),
          seen.stream().filter(Outcome::failed).count(),
          seen.stream().mapToLong(Outcome::tookNanos).max().orElse(0) / 1e6);
      assertThat(seen).as("after the failover: " + check.key()).noneMatch(Outcome::failed);
    }

    long acknowledged = outcomes.get(ledger).stream().filter(Outcome::allowed).count()
        + afterwards.get(ledger).stream().filter(Outcome::allowed).count();
    long kept = Long.parseLong(ClusterRedisAlgorithmsTest.ownerOf(cluster, RedisKeys.of(ledger)).command("ZCARD " + RedisKeys.of(ledger)).substring(1));
    System.out.printf("failover ledger: %d admissions acknowledged, %d kept by the promoted replica%n",
        acknowledged, kept);
    assertThat(kept).as("decisions lost or unacknowledged in the failover: at most those in flight")
        .isBetween(acknowledged - IN_FLIGHT_BOUND, acknowledged + IN_FLIGHT_BOUND);
  }

  /** Decisions in flight when the master dies: 200/s per key for a few milliseconds, generously. */
  static final long IN_FLIGHT_BOUND = 10;

  private static int admitted(LimitStore store, LimitCheck check, int n) {
    int admitted = 0;
    for (int i = 0; i < n; i++) {
      if (store.decide(check).join().allowed()) {
        admitted++;
      }
    }
    return admitted;
  }
}
