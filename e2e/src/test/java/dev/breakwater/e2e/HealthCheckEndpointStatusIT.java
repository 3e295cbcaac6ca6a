package dev.breakwater.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a HealthCheck's status says about each endpoint, with a real Envoy fed by the operator:
 * which endpoints fail (Envoy's own per-endpoint view, through the bootstrap's OpenTelemetry
 * sink), what the operator's own check of them got, and whether they get traffic; then that it
 * clears once they recover.
 */
class HealthCheckEndpointStatusIT {
  private static final Logger LOG = LoggerFactory.getLogger(HealthCheckEndpointStatusIT.class);
  private static final Duration STATUS_WAIT = Duration.ofSeconds(40);

  @RegisterExtension
  static final Breakwater BW = new Breakwater("hc-endpoints");

  @Test
  void statusNamesTheFailingEndpointsAndWhatTheirCheckGotThenClearsOnRecovery() {
    Upstream passing = BW.upstream("passing");
    Upstream missing = BW.upstream("missing").healthStatus(404);
    Upstream unavailable = BW.upstream("unavailable").healthStatus(503);
    BW.backend("shop", 80, passing, missing, unavailable);
    BW.apply(Manifests.healthCheck("shop", "shop", 80, """
        http: {path: /health}
        interval: 1s
        timeout: 500ms
        unhealthyThreshold: 2
        healthyThreshold: 2
        probes: {readiness: false}
        """));
    AppliedPolicy policy = BW.policy(AppliedPolicy.HEALTH_CHECK, "shop");
    policy.awaitProgrammed();
    String cluster = BW.cluster("shop", 80);

    JsonNode failing = policy.awaitUntil("EndpointsHealthy=False with both results",
        STATUS_WAIT, p -> "SomeFail".equals(AppliedPolicy.condition(p, "EndpointsHealthy")
            .path("reason").asText())
            && entry(p, missing).at("/lastFailure/result").asText().equals("404")
            && entry(p, unavailable).at("/lastFailure/result").asText().equals("503")
            && AppliedPolicy.condition(p, "EndpointsHealthy").path("message").asText()
                .contains("503"));
    LOG.info("failing: {}", failing.path("status"));

    JsonNode condition = AppliedPolicy.condition(failing, "EndpointsHealthy");
    assertThat(condition.path("status").asText()).isEqualTo("False");
    assertThat(condition.path("message").asText()).isEqualTo("2 of 3 endpoints fail GET /health"
        + " (operator's own check: 404 ×1, 503 ×1); Envoy sends them no traffic");
    assertThat(failing.at("/status/endpoints/healthy").asInt()).isEqualTo(1);
    assertThat(failing.at("/status/endpoints/unhealthy").asInt()).isEqualTo(2);
    assertThat(failing.at("/status/endpoints/total").asInt()).isEqualTo(3);
    assertThat(failing.at("/status/endpoints/entriesNotListed").asInt()).isZero();
    assertThat(failing.at("/status/endpoints/entries")).hasSize(3);
    // unhealthy ones first, each as Envoy sees it
    assertThat(failing.at("/status/endpoints/entries/2/address").asText())
        .isEqualTo(address(passing));
    assertThat(entry(failing, passing).path("healthy").asBoolean()).isTrue();
    assertThat(entry(failing, passing).has("lastFailure")).isFalse();
    for (Upstream down : List.of(missing, unavailable)) {
      assertThat(entry(failing, down).path("healthy").asBoolean()).isFalse();
      assertThat(BW.admin().healthFlags(cluster, down.port())).contains("failed_active_hc");
    }
    assertThat(BW.admin().healthFlags(cluster, passing.port())).isEqualTo("healthy");

    // "Envoy sends them no traffic", from the caller's seat
    long missingBefore = missing.requests();
    long unavailableBefore = unavailable.requests();
    LoadReport report = BW.load("x-upstream").run(
        List.of(LoadClient.paced("caller", BW.host("shop"), "/", 20)), Duration.ofSeconds(2));
    assertThat(report.statusCounts()).containsOnlyKeys(200);
    assertThat(report.headerCounts("x-upstream", s -> true)).containsOnlyKeys(passing.name());
    assertThat(missing.requests() - missingBefore).isZero();
    assertThat(unavailable.requests() - unavailableBefore).isZero();

    missing.healthStatus(200);
    unavailable.healthStatus(200);
    JsonNode recovered = policy.awaitUntil("EndpointsHealthy=True", STATUS_WAIT,
        p -> "True".equals(AppliedPolicy.condition(p, "EndpointsHealthy").path("status").asText())
            && p.at("/status/endpoints/healthy").asInt() == 3);
    LOG.info("recovered: {}", recovered.path("status"));

    JsonNode cleared = AppliedPolicy.condition(recovered, "EndpointsHealthy");
    assertThat(cleared.path("reason").asText()).isEqualTo("AllPass");
    assertThat(cleared.path("message").asText()).isEqualTo("3 of 3 endpoints pass GET /health");
    assertThat(recovered.at("/status/state").asText()).isEqualTo("Healthy");
    assertThat(recovered.at("/status/endpoints/unhealthy").asInt()).isZero();
    assertThat(recovered.at("/status/endpoints/entries")).hasSize(3)
        .allSatisfy(e -> assertThat(e.path("healthy").asBoolean()).isTrue());
    // the last failure stays on record; since moved with the recovery
    Map<Upstream, String> lastResults = new HashMap<>();
    for (Upstream was : List.of(missing, unavailable)) {
      JsonNode now = entry(recovered, was);
      lastResults.put(was, now.at("/lastFailure/result").asText());
      assertThat(now.path("since").asText())
          .isGreaterThan(entry(failing, was).path("since").asText());
      assertThat(now.at("/lastFailure/since").asText())
          .isEqualTo(entry(failing, was).at("/lastFailure/since").asText());
    }
    assertThat(lastResults).containsEntry(missing, "404").containsEntry(unavailable, "503");
  }

  @Test
  void anEndpointKubernetesMarksNotReadyIsNotSaidToFailItsCheck() {
    Upstream ready = BW.upstream("ready");
    Upstream starting = BW.upstream("starting"); // passes its check; its pod is not ready yet
    BW.backend("booting", 80, ready, starting);
    markNotReady("booting-1", starting);
    BW.apply(Manifests.healthCheck("booting", "booting", 80, """
        http: {path: /health}
        interval: 1s
        timeout: 500ms
        unhealthyThreshold: 2
        healthyThreshold: 2
        probes: {readiness: false}
        """));
    AppliedPolicy policy = BW.policy(AppliedPolicy.HEALTH_CHECK, "booting");
    policy.awaitProgrammed();

    JsonNode status = policy.awaitUntil("EndpointsHealthy=False, not ready", STATUS_WAIT,
        p -> AppliedPolicy.condition(p, "EndpointsHealthy").path("message").asText()
            .contains("not ready"));
    LOG.info("not ready: {}", status.path("status"));

    assertThat(AppliedPolicy.condition(status, "EndpointsHealthy").path("reason").asText())
        .isEqualTo("NotReady");
    assertThat(AppliedPolicy.condition(status, "EndpointsHealthy").path("message").asText())
        .isEqualTo("1 of 2 endpoints are not ready in Kubernetes (EndpointSlice); Envoy sends"
            + " them no traffic");
    JsonNode entry = entry(status, starting);
    assertThat(entry.path("healthy").asBoolean()).isFalse();
    assertThat(entry.path("ready").asBoolean()).isFalse();
    assertThat(entry.has("lastFailure")).as("its check passes").isFalse();
    assertThat(BW.admin().healthFlags(BW.cluster("booting", 80), starting.port()))
        .contains("failed_eds_health").doesNotContain("failed_active_hc");
  }

  /** Rewrites the upstream's EndpointSlice with its endpoint not ready. */
  private static void markNotReady(String slice, Upstream upstream) {
    BW.client().resource(new io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder()
        .withNewMetadata().withName(slice).withNamespace(BW.namespace())
        .addToLabels("kubernetes.io/service-name", slice.substring(0, slice.lastIndexOf('-')))
        .addToLabels("endpointslice.kubernetes.io/managed-by", "e2e.breakwater.dev")
        .endMetadata()
        .withAddressType("IPv4")
        .addNewEndpoint().withAddresses(UpstreamAddress.text())
        .withNewConditions().withReady(false).endConditions().endEndpoint()
        .addNewPort().withName("http").withProtocol("TCP").withPort(upstream.port()).endPort()
        .build()).forceConflicts().serverSideApply();
  }

  private static String address(Upstream upstream) {
    return UpstreamAddress.text() + ":" + upstream.port();
  }

  /** The status entry of one upstream (MissingNode when not listed). */
  private static JsonNode entry(JsonNode policy, Upstream upstream) {
    for (JsonNode e : policy.at("/status/endpoints/entries")) {
      if (address(upstream).equals(e.path("address").asText())) {
        return e;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }
}
