package dev.breakwater.e2e.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakwater.e2e.TestBed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    Path bootstrap = Files.writeString(dir.resolve("envoy.yaml"),
        Chart.gatewayBootstrap(docs, Chart.RELEASE));
    JsonNode envoy = Chart.find(docs, "Deployment", Chart.RELEASE + "-gateway")
        .at("/spec/template/spec/containers/0");

    List<String> command = new ArrayList<>();
    command.add(TestBed.get().envoy().toString());
    envoy.path("args").forEach(a -> command.add(a.asText()
        .replace("$(POD_NAME)", "breakwater-gateway-7d9f-abcde")
        .replace("/etc/envoy/envoy.yaml", bootstrap.toString())));
    command.addAll(List.of("--mode", "validate"));
    assertThat(envoy.at("/command/0").asText()).isEqualTo("envoy");

    String out = Commands.run(command, dir, dir.resolve("validate.log"), Duration.ofMinutes(1));

    // Envoy prints the verdict on stdout, its log on stderr
    assertThat(out).contains("configuration '" + bootstrap + "' OK");
  }
}
