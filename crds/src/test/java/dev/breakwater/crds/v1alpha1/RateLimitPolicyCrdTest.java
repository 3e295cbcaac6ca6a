package dev.breakwater.crds.v1alpha1;

import static dev.breakwater.crds.v1alpha1.SchemaAssertions.assertDuration;
import static dev.breakwater.crds.v1alpha1.SchemaAssertions.enumValues;
import static dev.breakwater.crds.v1alpha1.SchemaAssertions.rules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitPolicyCrdTest {

  private static JSONSchemaProps spec(String path) {
    return GeneratedCrds.at(GeneratedCrds.RLP, path.isEmpty() ? "spec" : "spec." + path);
  }

  @Test
  void defaults() {
    assertThat(spec("mode").getDefault().asText()).isEqualTo("Enforce");
    assertThat(spec("responseHeaders").getDefault().asBoolean()).isTrue();
    // burst defaults to requests: applied by the operator, a schema default cannot refer to a field
    assertThat(spec("limits[].burst").getDefault()).isNull();
    assertThat(spec("limits[].match.path.type").getDefault().asText()).isEqualTo("Prefix");
    assertThat(spec("limits[].scope").getDefault().asText()).isEqualTo("Local");
    assertThat(spec("limits[].algorithm").getDefault().asText()).isEqualTo("TokenBucket");
    assertThat(spec("failureMode").getDefault().asText()).isEqualTo("Open");
  }

  @Test
  void scopeAlgorithmAndFailureModeEnums() {
    assertThat(enumValues(spec("limits[].scope"))).containsExactlyInAnyOrder("Local", "Global");
    assertThat(enumValues(spec("limits[].algorithm")))
        .containsExactlyInAnyOrder("TokenBucket", "SlidingWindow", "FixedWindow");
    assertThat(enumValues(spec("failureMode"))).containsExactlyInAnyOrder("Open", "Closed");
  }

  @Test
  void limitsAreRequiredBoundedAndUniquelyNamed() {
    assertThat(spec("").getRequired()).containsExactlyInAnyOrder("targetRef", "limits");
    JSONSchemaProps limits = spec("limits");
    assertThat(limits.getMinItems()).isEqualTo(1L);
    assertThat(limits.getMaxItems()).isEqualTo(16L);
    assertThat(rules(limits))
        .containsExactly(
            entry(
                "self.all(l, self.exists_one(m, m.name == l.name))",
                "limit names must be unique within a RateLimitPolicy"));
    assertThat(spec("limits[]").getRequired())
        .containsExactlyInAnyOrder("name", "requests", "period");
    assertThat(spec("limits[].name").getMaxLength()).isEqualTo(63L);
    assertThat(spec("limits[].requests").getMinimum()).isEqualTo(1.0);
    assertThat(spec("limits[].burst").getMinimum()).isEqualTo(1.0);
    assertThat(spec("limits[].requests").getMaximum()).isEqualTo(1_000_000_000.0);
    assertThat(spec("limits[].burst").getMaximum()).isEqualTo(1_000_000_000.0);
  }

  @Test
  void periodIsADurationOfAtLeast50ms() {
    assertDuration(spec("limits[].period"), null);
    assertThat(rules(spec("limits[].period")))
        .containsExactly(entry(Durations.AT_LEAST_50MS, "period must be at least 50ms"));
  }

  @Test
  void burstAndKeyRules() {
    assertThat(rules(spec("limits[]")))
        .containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
            entry(
                "!has(self.burst) || self.burst >= self.requests",
                "burst must be greater than or equal to requests"),
            entry(
                RateLimit.ALGORITHM_NEEDS_GLOBAL,
                "algorithm SlidingWindow and FixedWindow need scope: Global; a Local limit is a"
                    + " TokenBucket"),
            entry(
                RateLimit.BURST_ONLY_FOR_TOKEN_BUCKET,
                "burst applies to algorithm TokenBucket only; a window admits requests per period")));
    assertThat(rules(spec("limits[].key")))
        .containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
            entry(
                "has(self.header) != has(self.remoteAddress)",
                "key must set exactly one of header or remoteAddress")));
    assertThat(spec("limits[].key.remoteAddress").getType()).isEqualTo("object");
  }

  @Test
  void matchEnums() {
    assertThat(enumValues(spec("limits[].match.path.type")))
        .containsExactlyInAnyOrder("Exact", "Prefix", "RegularExpression");
    JSONSchemaProps methods = spec("limits[].match.methods");
    assertThat(methods.getMaxItems()).isEqualTo(9L);
    assertThat(enumValues(methods.getItems().getSchema()))
        .containsExactlyInAnyOrder(
            "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");
    assertThat(rules(spec("limits[].match.path")))
        .containsValue("path.value must start with '/' unless type is RegularExpression");
  }

  @Test
  void kindSpecificStatus() {
    assertThat(GeneratedCrds.at(GeneratedCrds.RLP, "status.rateLimit").getProperties())
        .containsOnlyKeys("limitedRequests", "allowedRequests");
  }
}
