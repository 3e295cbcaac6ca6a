package dev.breakwater.xds.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {

  @Test
  void readsTheFormsPoliciesUse() {
    assertThat(DurationText.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(DurationText.parse("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(DurationText.parse("1m")).isEqualTo(Duration.ofMinutes(1));
    assertThat(DurationText.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(DurationText.parse("2h")).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void rejectsWhatTheSchemaRejects() {
    for (String bad : new String[] {"", "10", "1.5s", "-1s", "10 s", "1d", "s"}) {
      assertThatThrownBy(() -> DurationText.parse(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not a duration");
    }
  }

  @Test
  void formatsBackToTheShortestText() {
    assertThat(DurationText.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(DurationText.format(Duration.ofMillis(1250))).isEqualTo("1s250ms");
    assertThat(DurationText.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(DurationText.parse(DurationText.format(Duration.ofMillis(3_723_004))))
        .isEqualTo(Duration.ofMillis(3_723_004));
  }
}
