package dev.breakwater.operator.stats;

import dev.breakwater.operator.kinds.ratelimit.RateLimitLiveState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.breakwater.operator.state.PolicyKey;
import dev.breakwater.xds.policies.ratelimit.RateLimitPolicyKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LiveStateThrottleTest {

  private final LiveStateThrottle throttle = new LiveStateThrottle(Duration.ofSeconds(2));
  private final PolicyKey key = new PolicyKey(RateLimitPolicyKind.NAME, "shop", "rl");
  private final Instant t0 = Instant.parse("2025-01-01T00:00:00Z");

  private static LiveState limited(long n) {
    return new RateLimitLiveState("Limiting", n, 0);
  }

  @Test
  void aChangeWithinTheIntervalIsHeldBackThenReported() {
    assertThat(throttle.adopt(key, limited(1), t0)).isEqualTo(limited(1));
    assertThat(throttle.adopt(key, limited(2), t0.plusMillis(500))).isEqualTo(limited(1));
    assertThat(throttle.adopt(key, limited(3), t0.plusMillis(1999))).isEqualTo(limited(1));
    assertThat(throttle.adopt(key, limited(3), t0.plusSeconds(2))).isEqualTo(limited(3));
    assertThat(throttle.adopt(key, limited(4), t0.plusMillis(3000))).isEqualTo(limited(3));
  }

  @Test
  void anUnchangedStateDoesNotRestartTheInterval() {
    throttle.adopt(key, limited(1), t0);
    throttle.adopt(key, limited(1), t0.plusSeconds(5));

    assertThat(throttle.adopt(key, limited(2), t0.plusSeconds(5))).isEqualTo(limited(2));
  }

  @Test
  void forgottenPoliciesStartOver() {
    throttle.adopt(key, limited(1), t0);
    throttle.retainOnly(Set.of());

    assertThat(throttle.adopt(key, limited(2), t0.plusMillis(1))).isEqualTo(limited(2));
  }
}
