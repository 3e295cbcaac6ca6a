package dev.breakwater.e2e.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakwater.e2e.TestBed;
import dev.breakwater.operator.tls.CertificateAuthority;
import dev.breakwater.operator.tls.Issued;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gateway as the chart renders it, checked by the real Envoy: the bootstrap from its
 * ConfigMap and the command line from its Deployment go through {@code envoy --mode validate},
 * which loads the whole configuration (clusters, stats sink, admin, flags) without serving.
 */
class HelmGatewayBootstrapIT {

  @ParameterizedTest
  @ValueSource(strings = {"default", "full"})
  void envoyAcceptsTheRenderedBootstrapAndArguments(String valueSet) throws Exception {
    List<JsonNode> docs = Chart.documents(valueSet.equals("full")
        ? Chart.render(Chart.values("values-full.yaml")) : Chart.render());
    Path dir = TestBed.workDir("helm-gateway-" + valueSet);
    // the pod's files where this machine can have them: the ConfigMap's keys (bootstrap, SDS
    // files) as /etc/envoy, a certificate as the mounted proxy Secret
    Path etcEnvoy = Files.createDirectories(dir.resolve("etc-envoy"));
    Path tls = Files.createDirectories(dir.resolve("xds-tls"));
    CertificateAuthority ca = CertificateAuthority.generate("validate", Instant.now());
    Issued cert = ca.issueProxy(Chart.RELEASE + "-gateway", Instant.now());
    Files.writeString(tls.resolve("tls.crt"), cert.chainPem());
    Files.writeString(tls.resolve("tls.key"), cert.keyPem());
    Files.writeString(tls.resolve("ca.crt"), ca.certificate().chainPem());
    JsonNode data = Chart.find(docs, "ConfigMap", Chart.RELEASE + "-gateway-bootstrap")
        .path("data");
    data.fieldNames().forEachRemaining(name -> write(etcEnvoy.resolve(name),
        data.path(name).asText().replace("/etc/envoy/", etcEnvoy + "/")
            .replace("/etc/breakwater/xds-tls", tls.toString())));
    Path bootstrap = etcEnvoy.resolve("envoy.yaml");
    JsonNode envoy = Chart.find(docs, "Deployment", Chart.RELEASE + "-gateway")
        .at("/spec/template/spec/containers/0");

    List<String> command = new ArrayList<>();
    command.add(TestBed.get().envoy().toString());
    envoy.path("args").forEach(a -> command.add(a.asText()
        .replace("$(POD_NAME)", "breakwater-gateway-7d9f-abcde")
        .replace("/etc/envoy/envoy.yaml", bootstrap.toString())));
    assertThat(Files.readString(bootstrap)).contains("breakwater_xds_certificate");
    command.addAll(List.of("--mode", "validate"));
    assertThat(envoy.at("/command/0").asText()).isEqualTo("envoy");

    String out = Commands.run(command, dir, dir.resolve("validate.log"), Duration.ofMinutes(1));

    // Envoy prints the verdict on stdout, its log on stderr
    assertThat(out).contains("configuration '" + bootstrap + "' OK");
  }

  private static void write(Path file, String content) {
    try {
      Files.writeString(file, content);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
