package dev.breakwater.crds.v1alpha1;

import static dev.breakwater.crds.v1alpha1.SchemaAssertions.assertDuration;
import static dev.breakwater.crds.v1alpha1.SchemaAssertions.enumValues;
import static dev.breakwater.crds.v1alpha1.SchemaAssertions.rules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import org.junit.jupiter.api.Test;

class CircuitBreakerPolicyCrdTest {

  private static JSONSchemaProps spec(String path) {
    return GeneratedCrds.at(GeneratedCrds.CBP, path.isEmpty() ? "spec" : "spec." + path);
  }

  @Test
  void defaultsEqualTheModelDefaults() {
    // envoy-xds CircuitBreakerSpec: Mode.Enforce, DEFAULT_MONITORING_PERIOD 10s,
    // DEFAULT_RESET_TIMEOUT 30s, DEFAULT_MAX_RESET_TIMEOUT 300s, DEFAULT_MAX_OPEN_ENDPOINTS_PERCENT 10
    assertThat(spec("mode").getDefault().asText()).isEqualTo("Enforce");
    assertDuration(spec("monitoringPeriod"), "10s");
    assertDuration(spec("resetTimeout"), "30s");
    assertDuration(spec("maxResetTimeout"), "300s");
    assertThat(spec("maxOpenEndpointsPercent").getDefault().asInt()).isEqualTo(10);
    // FailureRate.DEFAULT_MINIMUM_REQUESTS 50, DEFAULT_MINIMUM_ENDPOINTS 5 (Envoy's own defaults)
    assertThat(spec("failureRate.minimumRequests").getDefault().asInt()).isEqualTo(50);
    assertThat(spec("failureRate.minimumEndpoints").getDefault().asInt()).isEqualTo(5);
    assertThat(spec("failureThreshold").getDefault()).isNull();
    assertThat(spec("gatewayFailureThreshold").getDefault()).isNull();
  }

  @Test
  void modeIsAnEnum() {
    assertThat(enumValues(spec("mode"))).containsExactlyInAnyOrder("Enforce", "DryRun");
  }

  @Test
  void thresholdsArePositiveAndPercentagesBounded() {
    assertThat(spec("failureThreshold").getMinimum()).isEqualTo(1.0);
    assertThat(spec("gatewayFailureThreshold").getMinimum()).isEqualTo(1.0);
    assertThat(spec("failureThreshold").getMaximum()).isEqualTo(1_000_000.0);
    assertThat(spec("failureRate.minimumEndpoints").getMinimum()).isEqualTo(1.0);
    // every integer fits a Java int, so the operator can deserialize whatever the server accepts
    assertThat(spec("limits.maxConnections").getMaximum()).isEqualTo((double) Integer.MAX_VALUE);
    assertThat(spec("failureRate.threshold").getMinimum()).isEqualTo(1.0);
    assertThat(spec("failureRate.threshold").getMaximum()).isEqualTo(100.0);
    assertThat(spec("failureRate").getRequired()).containsExactly("threshold");
    assertThat(spec("maxOpenEndpointsPercent").getMinimum()).isEqualTo(0.0);
    assertThat(spec("maxOpenEndpointsPercent").getMaximum()).isEqualTo(100.0);
    assertThat(spec("limits.maxConnections").getMinimum()).isEqualTo(1.0);
    assertThat(spec("limits.maxRequests").getMinimum()).isEqualTo(1.0);
    assertThat(spec("limits.maxPendingRequests").getMinimum()).isEqualTo(1.0);
    assertThat(spec("limits.maxRetries").getMinimum()).isEqualTo(0.0);
  }

  @Test
  void crossFieldRules() {
    assertThat(rules(spec("")))
        .containsOnly(
            entry(
                "has(self.failureThreshold) || has(self.gatewayFailureThreshold)"
                    + " || has(self.failureRate) || has(self.limits)",
                "spec must set at least one of failureThreshold, gatewayFailureThreshold,"
                    + " failureRate, limits"),
            entry(
                Durations.MAX_RESET_NOT_BELOW_RESET,
                "maxResetTimeout must be greater than or equal to resetTimeout"));
    assertThat(rules(spec("limits")))
        .containsValue(
            "limits must set at least one of maxConnections, maxPendingRequests, maxRequests,"
                + " maxRetries");
    assertThat(rules(spec("monitoringPeriod")))
        .containsExactly(
            entry(
                "!self.matches('^([0-9]+(ms|s|m|h))+$') || duration(self) >= duration('10ms')",
                "monitoringPeriod must be at least 10ms"));
    assertThat(rules(spec("resetTimeout"))).containsValue("resetTimeout must be at least 10ms");
    assertThat(rules(spec("maxResetTimeout"))).containsValue("maxResetTimeout must be at least 10ms");
  }

  @Test
  void kindSpecificStatus() {
    assertThat(GeneratedCrds.at(GeneratedCrds.CBP, "status.breaker").getProperties())
        .containsOnlyKeys("openEndpoints", "totalEndpoints", "wouldOpenEndpoints", "overflowRequests");
  }
}
