package dev.breakwater.operator.ratelimit.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakwater.operator.ratelimit.redis.RedisNode;
import dev.breakwater.xds.policies.ratelimit.descriptor.Algorithm;
import dev.breakwater.operator.ratelimit.rules.LimitCheck;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The algorithms on one real redis-server; plus what only a single server shows easily. */
class StandaloneRedisAlgorithmsTest extends RedisAlgorithmsContract {

  @TempDir
  static Path dir;
  static RedisNode redis;
  static RedisLimitStore store;

  @BeforeAll
  static void startRedis() {
    redis = RedisNode.standalone(dir.resolve("redis"));
    store = RedisLimitStore.start(RedisSettings.standalone(redis.address(), TIMEOUT));
  }

  @AfterAll
  static void stopRedis() {
    if (store != null) {
      store.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Override
  LimitStore store() {
    return store;
  }

  @Test
  void everyKeyExpiresByItselfWithinItsPeriodOrRefillTime() {
    String policy = policy("expiry");
    for (Algorithm algorithm : Algorithm.values()) {
      LimitCheck check = check(algorithm, policy, "ttl", 10, Duration.ofSeconds(2));
      assertThat(store.decide(check).join().allowed()).isTrue();
      long ttl = Long.parseLong(redis.command("PTTL " + RedisKeys.of(check)).substring(1));
      assertThat(ttl).as(algorithm + " PTTL").isPositive().isLessThanOrEqualTo(2_000);
    }
  }

  @Test
  void slidingWindowMemoryIsOneMemberPerHitInTheWindow() {
    LimitCheck check = check(Algorithm.SlidingWindow, policy("memory"), "log", 30, Duration.ofSeconds(5));
    assertThat(admitted(check, 40)).isEqualTo(30);
    assertThat(redis.command("ZCARD " + RedisKeys.of(check))).isEqualTo(":30");
  }
}
