package dev.breakwater.e2e.scale;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Issue 12's harness: the operator jar (the chart's memory) on an API server of its own, N
 * Services with M policies, synthetic ADS clients (state of the world and delta, SRDS included)
 * and real Envoys that send stats. {@code ./mvnw verify} runs a smoke size that asserts
 * behaviour only (every proxy gets every change, every policy becomes Programmed); with
 * {@code -Dbreakwater.bench=full} it runs the sizes and writes the numbers to
 * {@code e2e/target/scale-benchmark.md} (method and results: docs/benchmarks.md).
 */
class ScaleBenchmarkIT {

  @Test
  void everyChangeReachesEveryProxyAndEveryPolicyBecomesProgrammed() throws Exception {
    ScaleSettings settings = ScaleSettings.fromSystemProperties();
    ScaleReport report = new ScaleReport("Scale benchmark, " + settings.syntheticProxies()
        + " synthetic proxies + " + settings.envoys() + " Envoys"
        + (settings.full() ? "" : " (smoke)"));
    java.util.Map<ScaleSettings.Size, ScaleRun.Outcome> outcomes = new java.util.LinkedHashMap<>();
    try {
      // every size runs and reports before anything is asserted
      for (ScaleSettings.Size size : settings.sizes()) {
        outcomes.put(size, new ScaleRun(settings, size, report).run());
      }
    } finally {
      report.write();
    }
    outcomes.forEach((size, outcome) -> {
      assertThat(outcome.operatorAlive()).as("operator alive at " + size).isTrue();
      assertThat(outcome.programmedAtStart()).as("policies Programmed after the initial sync")
          .isEqualTo(outcome.policies());
      assertThat(outcome.changesComplete()).as("changes every proxy ran, Programmed")
          .isEqualTo(outcome.changes());
      assertThat(outcome.churnComplete()).as("churned changes every proxy ran, Programmed")
          .isEqualTo(outcome.churnChanges());
    });
  }
}
