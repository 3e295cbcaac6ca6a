package dev.breakwater.xds.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void readsTheFormsPoliciesUse() {
    assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Durations.parse("1m")).isEqualTo(Duration.ofMinutes(1));
    assertThat(Durations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void rejectsWhatTheSchemaRejects() {
    for (String bad : new String[] {"", "10", "1.5s", "-1s", "10 s", "1d", "s"}) {
      assertThatThrownBy(() -> Durations.parse(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not a duration");
    }
  }

  @Test
  void formatsBackToTheShortestText() {
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(Durations.format(Duration.ofMillis(1250))).isEqualTo("1s250ms");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(Durations.parse(Durations.format(Duration.ofMillis(3_723_004))))
        .isEqualTo(Duration.ofMillis(3_723_004));
  }
}
