package dev.breakwater.xds.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A short run of the benchmark so it keeps compiling and producing a full config; no timing asserted. */
class TranslationBenchmarkSmokeTest {

  @Test
  void benchmarkTranslatesEveryService() {
    TranslationBenchmark.Result result = TranslationBenchmark.run(50, 3, 3);
    assertThat(result.clusters()).isEqualTo(50);
    assertThat(result.medianMillis()).isPositive();
  }
}
