package dev.breakwater.operator.ratelimit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.breakwater.operator.ratelimit.redis.RedisNode;
import dev.breakwater.xds.policies.ratelimit.descriptor.Algorithm;
import dev.breakwater.operator.ratelimit.rules.LimitCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis going away and coming back: decisions fail fast with a StoreException (never hang past
 * the timeout), and limiting resumes by itself once Redis is back, also when Redis was not there
 * when the store started.
 */
class RedisOutageTest {

  static final Duration TIMEOUT = Duration.ofMillis(100);
  /** A decision may take the timeout plus scheduling delays of a busy machine, never more. */
  static final Duration LONGEST = TIMEOUT.plusMillis(400);

  @TempDir
  Path dir;

  @Test
  void redisStoppedUnderLoadFailsDecisionsFastAndLimitingResumesWhenItIsBack() {
    try (RedisNode redis = RedisNode.standalone(dir.resolve("redis"));
        RedisLimitStore store = RedisLimitStore.start(RedisSettings.standalone(redis.address(), TIMEOUT))) {
      String policy = RedisAlgorithmsContract.policy("outage");
      List<LimitCheck> checks = List.of(
          RedisAlgorithmsContract.check(Algorithm.SlidingWindow, policy, "a", 20, Duration.ofSeconds(1)),
          RedisAlgorithmsContract.check(Algorithm.TokenBucket, policy, "b", 20, Duration.ofSeconds(1)));

      Thread stopper = new Thread(() -> {
        Clocks.parkUntil(Clocks.nowMicros() + 1_000_000);
        redis.stop();
      });
      stopper.start();
      Map<LimitCheck, List<Outcome>> outcomes = OfferedLoad.run(store, checks, 100, Duration.ofSeconds(3));
      await().atMost(Duration.ofSeconds(20)).until(() -> !stopper.isAlive());

      for (LimitCheck check : checks) {
        List<Outcome> seen = outcomes.get(check);
        assertThat(seen).as("decided before the stop").anyMatch(o -> !o.failed());
        assertThat(seen).as("failed while Redis was down").anyMatch(Outcome::failed);
        assertThat(seen).as("no decision took longer than " + LONGEST)
            .allMatch(o -> o.tookNanos() <= LONGEST.toNanos());
      }
      assertThatThrownBy(() -> store.decide(checks.get(0)).join())
          .isInstanceOf(CompletionException.class)
          .cause().isInstanceOf(StoreException.class);

      redis.start();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
          .until(() -> store.decide(checks.get(0)).join() != null);
      LimitCheck fresh = RedisAlgorithmsContract.check(
          Algorithm.FixedWindow, policy, "after", 10, Duration.ofSeconds(5));
      assertThat(admittedOf(store, fresh, 15)).as("limiting again").isEqualTo(10);
    }
  }

  @Test
  void aStoreStartedBeforeRedisConnectsOnceRedisIsUp() {
    int port = dev.breakwater.operator.ratelimit.redis.LoopbackPorts.free();
    try (RedisLimitStore store = RedisLimitStore.start(
        RedisSettings.standalone("127.0.0.1:" + port, TIMEOUT))) {
      LimitCheck check = RedisAlgorithmsContract.check(
          Algorithm.TokenBucket, RedisAlgorithmsContract.policy("late"), "x", 3, Duration.ofSeconds(5));
      long start = System.nanoTime();
      assertThatThrownBy(() -> store.decide(check).join())
          .cause().isInstanceOf(StoreException.class)
          .satisfies(e -> assertThat(((StoreException) e).reason()).isEqualTo("unavailable"));
      assertThat(System.nanoTime() - start).isLessThan(LONGEST.toNanos());

      try (RedisNode redis = RedisNode.onPort(dir.resolve("late"), port)) {
        // connects by itself, without a decision asking for it (the connected gauge must tell)
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(store::connected);
        assertThat(store.decide(check).join().allowed()).isTrue();
        assertThat(admittedOf(store, check, 5)).isEqualTo(2);
      }
    }
  }

  private static long admittedOf(LimitStore store, LimitCheck check, int n) {
    long admitted = 0;
    for (int i = 0; i < n; i++) {
      if (store.decide(check).join().allowed()) {
        admitted++;
      }
    }
    return admitted;
  }
}
