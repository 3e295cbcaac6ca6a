package dev.breakwater.operator.kinds.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakwater.operator.status.EndpointCheckResult;
import dev.breakwater.xds.policies.healthcheck.HealthCheckSettings;
import dev.breakwater.xds.translate.PolicyCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointsConditionTest {
  private static final String C = "shop/api/80";
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  private static final HealthCheckSettings HTTP = settings(
      new HealthCheckSettings.Http("/health", List.of(200)), null, null);

  private static HealthCheckSettings settings(HealthCheckSettings.Http http,
      HealthCheckSettings.Tcp tcp, HealthCheckSettings.Grpc grpc) {
    return new HealthCheckSettings(http, tcp, grpc, Duration.ofSeconds(1),
        Duration.ofMillis(500), 2, 3, true, null, null);
  }

  private static HealthLiveState live(boolean panic, EndpointHealth... endpoints) {
    int healthy = (int) List.of(endpoints).stream().filter(EndpointHealth::healthy).count();
    return new HealthLiveState("Degraded", healthy, endpoints.length - healthy, endpoints.length,
        List.of(endpoints), panic);
  }

  private static EndpointHealth up(String address) {
    return new EndpointHealth(C, address, true);
  }

  private static EndpointHealth down(String address) {
    return new EndpointHealth(C, address, false);
  }

  private static EndpointCheckResult failed(String result) {
    return new EndpointCheckResult(false, result, T0);
  }

  @Test
  void namesTheCheckTheShareAndTheOneResultTheOperatorsCheckGot() {
    var c = EndpointsCondition.of(HTTP, live(false, up("a:1"), down("b:1"), down("c:1")),
        Map.of("b:1", failed("404"), "c:1", failed("404")));

    assertThat(c.status()).isEqualTo(PolicyCondition.Status.False);
    assertThat(c.reason()).isEqualTo("SomeFail");
    assertThat(c.message()).isEqualTo("2 of 3 endpoints fail GET /health (operator's own check:"
        + " 404); Envoy sends them no traffic");
  }

  @Test
  void differentResultsAreCountedAndAPassingEndpointIsSaidToPassNow() {
    var c = EndpointsCondition.of(HTTP,
        live(false, up("a:1"), down("b:1"), down("c:1"), down("d:1"), down("e:1")),
        Map.of("b:1", failed("404"), "c:1", failed("503"), "d:1", failed("404"),
            "e:1", new EndpointCheckResult(true, "200", T0)));

    assertThat(c.message()).isEqualTo("4 of 5 endpoints fail GET /health (operator's own check:"
        + " 404 ×2, 503 ×1, passing now ×1); Envoy sends them no traffic");
  }

  @Test
  void withoutResultsYetTheCountsStandAlone() {
    var c = EndpointsCondition.of(HTTP, live(false, up("a:1"), down("b:1")), Map.of());

    assertThat(c.message()).isEqualTo("1 of 2 endpoints fail GET /health; Envoy sends them no"
        + " traffic");
  }

  @Test
  void everyEndpointFailingMeansCallersAreRefusedAtOnce() {
    var c = EndpointsCondition.of(settings(null, new HealthCheckSettings.Tcp(), null),
        live(false, down("a:1"), down("b:1")),
        Map.of("a:1", failed("connection refused"), "b:1", failed("connection refused")));

    assertThat(c.reason()).isEqualTo("AllFail");
    assertThat(c.message()).isEqualTo("2 of 2 endpoints fail the TCP connect check (operator's"
        + " own check: connection refused); Envoy sends them no traffic: callers get 503 at once"
        + " (or a breaker's fallback)");
  }

  @Test
  void panicRoutingIsSaidWhenEnvoyDidIt() {
    var c = EndpointsCondition.of(settings(null, null, new HealthCheckSettings.Grpc("payments")),
        live(true, up("a:1"), down("b:1"), down("c:1")), Map.of());

    assertThat(c.message()).isEqualTo("2 of 3 endpoints fail the gRPC health check of service"
        + " 'payments'; too few pass: Envoy's panic routing sends traffic to every endpoint,"
        + " failing ones included (spec.panicThreshold)");
  }

  @Test
  void endpointsKubernetesMarksNotReadyAreNotSaidToFailTheCheck() {
    var someFail = EndpointsCondition.of(HTTP,
        live(false, up("a:1"), down("b:1"), down("c:1")),
        Map.of("b:1", failed("404"), "c:1", new EndpointCheckResult(true, "200", T0)),
        java.util.Set.of("c:1"));
    var onlyUnready = EndpointsCondition.of(HTTP, live(false, up("a:1"), down("c:1")), Map.of(),
        java.util.Set.of("c:1"));

    assertThat(someFail.message()).isEqualTo("1 of 3 endpoints fail GET /health (operator's own"
        + " check: 404); 1 more not ready in Kubernetes; Envoy sends them no traffic");
    assertThat(someFail.reason()).isEqualTo("SomeFail");
    assertThat(onlyUnready.reason()).isEqualTo("NotReady");
    assertThat(onlyUnready.message()).isEqualTo("1 of 2 endpoints are not ready in Kubernetes"
        + " (EndpointSlice); Envoy sends them no traffic");
  }

  @Test
  void allPassingIsTrue() {
    var c = EndpointsCondition.of(HTTP, live(false, up("a:1"), up("b:1")), Map.of());

    assertThat(c.status()).isEqualTo(PolicyCondition.Status.True);
    assertThat(c.reason()).isEqualTo("AllPass");
    assertThat(c.message()).isEqualTo("2 of 2 endpoints pass GET /health");
  }

  @Test
  void unknownWithoutReportsOrWhenNotAccepted() {
    assertThat(EndpointsCondition.of(HTTP, null, Map.of()).reason())
        .isEqualTo("NoEndpointsReported");
    assertThat(EndpointsCondition.of(HTTP, new HealthLiveState("Unknown", 0, 0, 0), Map.of())
        .status()).isEqualTo(PolicyCondition.Status.Unknown);
    assertThat(EndpointsCondition.of(null, null, Map.of()).reason()).isEqualTo("NotAccepted");
  }
}
