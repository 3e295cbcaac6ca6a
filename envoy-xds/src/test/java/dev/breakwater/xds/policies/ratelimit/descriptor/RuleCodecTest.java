package dev.breakwater.xds.policies.ratelimit.descriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RuleCodecTest {

  @Test
  void encodesEveryFieldAndDecodesItBack() {
    GlobalRule bucket = GlobalRule.tokenBucket(50, Duration.ofMinutes(1), 60);
    assertThat(RuleCodec.encode(bucket)).isEqualTo("TokenBucket;requests=50;period=60000ms;burst=60");
    assertThat(RuleCodec.decode(RuleCodec.encode(bucket))).isEqualTo(bucket);

    GlobalRule sliding = GlobalRule.window(Algorithm.SlidingWindow, 100, Duration.ofMillis(250)).asDryRun();
    assertThat(RuleCodec.encode(sliding))
        .isEqualTo("SlidingWindow;requests=100;period=250ms;burst=100;mode=DryRun");
    assertThat(RuleCodec.decode(RuleCodec.encode(sliding))).isEqualTo(sliding);
  }

  @Test
  void fieldsMayComeInAnyOrder() {
    assertThat(RuleCodec.decode("FixedWindow;burst=5;period=1000ms;requests=5"))
        .isEqualTo(GlobalRule.window(Algorithm.FixedWindow, 5, Duration.ofSeconds(1)));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "LeakyBucket;requests=5;period=1000ms;burst=5",
      "FixedWindow;requests=5;period=1000ms",
      "FixedWindow;requests=5;period=1s;burst=5",
      "FixedWindow;requests=5;period=1000ms;burst=5;colour=blue",
      "FixedWindow;requests=5;period=1000ms;burst=5;mode=Enforce",
      "FixedWindow;requests=5;period=1000ms;burst=6",
      "FixedWindow;requests=-5;period=1000ms;burst=-5",
      "FixedWindow;requests=5;requests=5;period=1000ms;burst=5",
      "TokenBucket;requests=5;period=1000ms;burst=4",
      "TokenBucket;requests=0;period=1000ms;burst=0",
      "TokenBucket;requests=5;period=0ms;burst=5",
      "TokenBucket;requests=99999999999999;period=10ms;burst=99999999999999"})
  void refusesWhatItCannotReadFully(String text) {
    assertThatThrownBy(() -> RuleCodec.decode(text)).isInstanceOf(InvalidDescriptorException.class);
  }
}
