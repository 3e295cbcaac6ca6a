package dev.breakwater.crds.v1alpha1;

import static dev.breakwater.crds.v1alpha1.SchemaAssertions.assertDuration;
import static dev.breakwater.crds.v1alpha1.SchemaAssertions.rules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import org.junit.jupiter.api.Test;

class HealthCheckCrdTest {

  private static JSONSchemaProps spec(String path) {
    return GeneratedCrds.at(GeneratedCrds.HC, path.isEmpty() ? "spec" : "spec." + path);
  }

  @Test
  void defaultsEqualTheModelDefaults() {
    // envoy-xds HealthCheckSpec: DEFAULT_INTERVAL 10s, DEFAULT_TIMEOUT 1s, Http expectedStatuses
    // [200], Probes.DEFAULT (readiness true, liveness false, override false)
    assertDuration(spec("interval"), "10s");
    assertDuration(spec("timeout"), "1s");
    assertThat(spec("http.expectedStatuses").getDefault().toString()).isEqualTo("[200]");
    // probes defaults to {} so that the nested defaults below apply when probes is omitted
    assertThat(spec("probes").getDefault().toString()).isEqualTo("{}");
    assertThat(spec("probes.readiness").getDefault().asBoolean()).isTrue();
    assertThat(spec("probes.liveness").getDefault().asBoolean()).isFalse();
    assertThat(spec("probes.override").getDefault().asBoolean()).isFalse();
    assertThat(spec("healthyThreshold").getDefault().asInt()).isEqualTo(2);
    assertThat(spec("unhealthyThreshold").getDefault().asInt()).isEqualTo(3);
    assertThat(spec("critical").getDefault().asBoolean()).isTrue();
  }

  @Test
  void crossFieldRules() {
    assertThat(rules(spec("")))
        .containsOnly(
            entry(
                "(has(self.http) ? 1 : 0) + (has(self.tcp) ? 1 : 0) + (has(self.grpc) ? 1 : 0) == 1",
                "exactly one of http, tcp or grpc must be set"),
            entry(
                Durations.TIMEOUT_SHORTER_THAN_INTERVAL,
                "timeout must be shorter than interval"));
    assertThat(rules(spec("interval")))
        .containsExactly(entry(Durations.AT_LEAST_100MS, "interval must be at least 100ms"));
    assertThat(rules(spec("timeout")))
        .containsExactly(entry(Durations.AT_LEAST_10MS, "timeout must be at least 10ms"));
  }

  @Test
  void httpCheck() {
    assertThat(spec("http").getRequired()).containsExactly("path");
    assertThat(spec("http.path").getPattern()).isEqualTo("^/");
    JSONSchemaProps statuses = spec("http.expectedStatuses");
    assertThat(statuses.getMinItems()).isEqualTo(1L);
    assertThat(statuses.getMaxItems()).isEqualTo(32L);
    assertThat(rules(statuses))
        .containsExactly(
            entry(
                "self.all(s, s >= 100 && s <= 599)",
                "expectedStatuses must be HTTP status codes between 100 and 599"));
  }

  @Test
  void thresholdsArePositive() {
    assertThat(spec("healthyThreshold").getMinimum()).isEqualTo(1.0);
    assertThat(spec("unhealthyThreshold").getMinimum()).isEqualTo(1.0);
    assertThat(spec("healthyThreshold").getMaximum()).isEqualTo(100.0);
    assertThat(spec("unhealthyThreshold").getMaximum()).isEqualTo(100.0);
  }

  @Test
  void kindSpecificStatus() {
    assertThat(GeneratedCrds.at(GeneratedCrds.HC, "status.endpoints").getProperties())
        .containsOnlyKeys("healthy", "unhealthy", "total");
    assertThat(GeneratedCrds.at(GeneratedCrds.HC, "status.workloads[]").getProperties())
        .containsOnlyKeys("kind", "name", "probes");
  }
}
