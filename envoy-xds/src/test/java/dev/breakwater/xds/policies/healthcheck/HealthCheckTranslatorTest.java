package dev.breakwater.xds.policies.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.type.v3.Int64Range;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthCheckTranslatorTest {

  @Test
  void expectedStatusesBecomeMergedHalfOpenRanges() {
    assertThat(HealthCheckTranslator.ranges(List.of(204, 200, 201, 200, 503)))
        .containsExactly(range(200, 202), range(204, 205), range(503, 504));
  }

  @Test
  void aSingleStatusIsOneRange() {
    assertThat(HealthCheckTranslator.ranges(List.of(200))).containsExactly(range(200, 201));
  }

  private static Int64Range range(long start, long end) {
    return Int64Range.newBuilder().setStart(start).setEnd(end).build();
  }
}
