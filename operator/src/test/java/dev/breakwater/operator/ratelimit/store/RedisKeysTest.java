package dev.breakwater.operator.ratelimit.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakwater.xds.policies.ratelimit.descriptor.Algorithm;
import dev.breakwater.xds.policies.ratelimit.descriptor.GlobalLimit;
import dev.breakwater.xds.policies.ratelimit.descriptor.GlobalRule;
import dev.breakwater.operator.ratelimit.rules.LimitCheck;
import dev.breakwater.xds.policies.ratelimit.descriptor.LimitId;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisKeysTest {

  static LimitCheck check(Algorithm algorithm, String key) {
    GlobalRule rule = algorithm == Algorithm.TokenBucket
        ? GlobalRule.tokenBucket(5, Duration.ofSeconds(1), 5)
        : GlobalRule.window(algorithm, 5, Duration.ofSeconds(1));
    return new LimitCheck(new GlobalLimit(new LimitId("shop", "api", "per-user"), rule), key, 1);
  }

  @Test
  void theBudgetIsTheHashTagAndTheAlgorithmIsOutsideIt() {
    assertThat(RedisKeys.of(check(Algorithm.SlidingWindow, "breakwater_key=alice")))
        .isEqualTo("bwrl:{shop/api/per-user|breakwater_key=alice}:sw");
    assertThat(RedisKeys.of(check(Algorithm.FixedWindow, ""))).isEqualTo("bwrl:{shop/api/per-user|}:fw");
    assertThat(RedisKeys.of(check(Algorithm.TokenBucket, ""))).endsWith(":tb");
  }

  @Test
  void longKeysAreHashedToABoundedLength() {
    String key = RedisKeys.of(check(Algorithm.FixedWindow, "breakwater_key=" + "x".repeat(5_000)));
    assertThat(key).hasSizeLessThan(120).contains("|sha256:");
    assertThat(key).isEqualTo(RedisKeys.of(check(Algorithm.FixedWindow, "breakwater_key=" + "x".repeat(5_000))));
  }
}
