package dev.breakwater.e2e.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.breakwater.e2e.EnvoyProcess;
import dev.breakwater.e2e.FreePorts;
import dev.breakwater.e2e.Kube;
import dev.breakwater.e2e.KubeApiServerExtension;
import dev.breakwater.e2e.Manifests;
import dev.breakwater.e2e.TestBed;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The runnable jar as a user runs it, against the suite's real API server and a real Envoy:
 * its log is conventional JSON from the first line to the last (RFC 3339 {@code ts},
 * {@code level}, {@code msg}, structured fields; no epoch numbers, no {@code mdc}), a start
 * writes no warning, the Envoy's connect and disconnect are one line each with its node id;
 * and the CLI in a process of its own: {@code proxies} and {@code version --remote} through
 * the HTTP port, {@code version} with the build's git commit.
 */
@ExtendWith(KubeApiServerExtension.class)
class OperatorJarLogsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RFC3339_UTC = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

  private static KubernetesClient client;

  @BeforeAll
  static void connect(KubernetesClient shared) {
    client = shared;
  }

  @Test
  void jsonLogsQuietStartAndTheCliAgainstTheRunningJar() throws Exception {
    String ns = Kube.createNamespace(client, "jarlogs");
    Kube.createService(client, ns, "web", 80);
    Kube.apply(client, ns, Manifests.rateLimit("web", "web", 80, """
        limits:
        - {name: all, requests: 10, period: 1s}
        """));
    Path work = TestBed.workDir("jarlogs");
    Path jar = Files.copy(TestBed.repoRoot().resolve("operator/target/breakwater-operator.jar"),
        work.resolve("breakwater-operator.jar"), StandardCopyOption.REPLACE_EXISTING);
    Path kubeconfig = KubeConfigFile.write(client, work.resolve("kubeconfig"));
    Path log = work.resolve("operator.log");
    int xdsPort = FreePorts.next();
    int httpPort = FreePorts.next();
    String server = "127.0.0.1:" + httpPort;
    String node = "jarlogs-envoy";

    try (OperatorProcess operator = OperatorProcess.start(List.of(java(), "-jar",
            jar.toString(), "run", "--xds-port=" + xdsPort, "--http-port=" + httpPort,
            "--bind-address=127.0.0.1", "--namespaces=" + ns,
            "--listener-port=" + FreePorts.next(), "--xds-secret-namespace=" + ns),
        Map.of("KUBECONFIG", kubeconfig.toString(), "HOSTNAME", "jarlogs-0", "POD_NAME",
            "jarlogs-0"), httpPort, log)) {
      await("operator /readyz 200").atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500)).until(() -> operator.status("/readyz") == 200);
      try (EnvoyProcess envoy = EnvoyProcess.start(node, xdsPort, client, ns)) {
        await("every type SYNCED on the proxy").atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
              JsonNode answer = JSON.readTree(cli(jar, "proxies", "--server", server,
                  "-o", "json").out());
              assertThat(answer.at("/proxies/0/node").asText()).isEqualTo(node);
              answer.at("/proxies/0/types").forEach(t ->
                  assertThat(t.path("state").asText()).isEqualTo("SYNCED"));
            });
        Cli table = cli(jar, "proxies", "--server", server);
        assertThat(table.out()).containsPattern(node + " +jarlogs-0 +SotW +\\d+s +SYNCED +SYNCED"
            + " +SYNCED +SYNCED +SYNCED +-");
      }
      await("the disconnect is logged").atMost(Duration.ofSeconds(30))
          .until(() -> Files.readString(log).contains("proxy " + node + " disconnected"));

      Cli local = cli(jar, "version");
      assertThat(local.out().strip()).matches("breakwater \\S+ \\(commit [0-9a-f]{7,}, Envoy API "
          + "v3, java-control-plane \\d+\\.\\d+\\.\\d+\\)");
      Cli remote = cli(jar, "version", "--remote", "--server", server);
      assertThat(remote.out()).contains("operator: " + local.out().strip());
      assertThat(cli(jar, "--version").out().strip()).isEqualTo(local.out().strip());
      assertThat(operator.stop(Duration.ofSeconds(20))).isTrue();
    }

    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      JsonNode entry = JSON.readTree(line);
      assertThat(entry.isObject()).as(line).isTrue();
      assertThat(entry.path("ts").asText()).as(line).matches(RFC3339_UTC);
      assertThat(entry.path("level").asText()).as(line).isIn("INFO", "DEBUG");
      assertThat(entry.path("msg").asText()).as(line).isNotBlank();
      assertThat(entry.has("mdc") || entry.has("timestamp") || entry.has("@version"))
          .as(line).isFalse();
      lines.add(entry);
    }
    // start-up says who starts and where it listens, not the libraries' per-controller and
    // per-stream chatter
    assertThat(lines).extracting(l -> l.path("logger").asText())
        .noneMatch(logger -> logger.startsWith("io.javaoperatorsdk")
            || logger.startsWith("io.envoyproxy") || logger.startsWith("io.fabric8")
            || logger.startsWith("io.grpc"));
    assertThat(lines.get(0).path("msg").asText()).startsWith("breakwater ");
    assertThat(lines.get(0).path("commit").asText()).matches("[0-9a-f]{7,}");
    assertThat(lines).filteredOn(l -> l.path("msg").asText().startsWith("proxy " + node))
        .extracting(l -> l.path("msg").asText().replaceAll("\\d+s$", "Ns"))
        .containsExactly("proxy " + node + " connected",
            "proxy " + node + " disconnected after Ns");
    assertThat(lines).filteredOn(l -> node.equals(l.path("node").asText())).hasSize(2);
  }

  private record Cli(int code, String out) {}

  /** The jar's CLI in a process of its own, as a user runs it. */
  private static Cli cli(Path jar, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(java(), "-jar", jar.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", args) + ": " + out).isZero();
    return new Cli(p.exitValue(), out);
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
