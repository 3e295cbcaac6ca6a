package dev.breakwater.operator.probes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.breakwater.xds.policies.healthcheck.HealthCheckSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeBuilderTest {

  private final ProbeBuilder builder = new ProbeBuilder();
  private final ObjectMapper json = new ObjectMapper();

  private static HealthCheckSettings spec(HealthCheckSettings.Http http, HealthCheckSettings.Tcp tcp,
      HealthCheckSettings.Grpc grpc) {
    return new HealthCheckSettings(http, tcp, grpc, Duration.ofSeconds(10),
        Duration.ofMillis(1500), 2, 4, true, new HealthCheckSettings.Probes(true, true, false),
        null);
  }

  @Test
  void httpReadinessProbeMirrorsTheHealthCheck() throws Exception {
    var probe = builder.build(spec(new HealthCheckSettings.Http("/health", List.of(200)), null, null),
        ProbeKind.READINESS, new ContainerPort("http", 8080));

    assertThat(probe).isEqualTo(json.readTree("""
        {"httpGet": {"path": "/health", "port": "http"},
         "periodSeconds": 10, "timeoutSeconds": 2,
         "successThreshold": 2, "failureThreshold": 4}"""));
  }

  @Test
  void livenessProbeAlwaysHasSuccessThresholdOne() {
    var probe = builder.build(spec(null, new HealthCheckSettings.Tcp(), null), ProbeKind.LIVENESS,
        new ContainerPort(null, 6379));

    assertThat(probe.get("tcpSocket").get("port").asInt()).isEqualTo(6379);
    assertThat(probe.get("successThreshold").asInt()).isEqualTo(1);
    assertThat(probe.get("failureThreshold").asInt()).isEqualTo(4);
  }

  @Test
  void grpcProbeUsesThePortNumberAndTheServiceName() throws Exception {
    var probe = builder.build(spec(null, null, new HealthCheckSettings.Grpc("inventory.v1")),
        ProbeKind.READINESS, new ContainerPort("grpc", 9090));

    assertThat(probe.get("grpc")).isEqualTo(json.readTree(
        "{\"port\": 9090, \"service\": \"inventory.v1\"}"));
  }

  @Test
  void grpcProbeWithoutServiceLeavesItOut() {
    var probe = builder.build(spec(null, null, new HealthCheckSettings.Grpc("")),
        ProbeKind.READINESS, new ContainerPort(null, 9090));

    assertThat(probe.get("grpc").has("service")).isFalse();
  }

  @Test
  void secondsRoundUpAndAreAtLeastOne() {
    assertThat(ProbeBuilder.seconds(Duration.ofMillis(250))).isEqualTo(1);
    assertThat(ProbeBuilder.seconds(Duration.ofSeconds(3))).isEqualTo(3);
    assertThat(ProbeBuilder.seconds(Duration.ofMillis(3001))).isEqualTo(4);
  }
}
