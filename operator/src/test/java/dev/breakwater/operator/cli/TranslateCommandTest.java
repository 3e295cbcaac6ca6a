package dev.breakwater.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.breakwater.operator.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranslateCommandTest {

  private static final Path EXAMPLES = Path.of("..", "examples");

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void translatesEveryExampleAndAcceptsEveryPolicy() throws IOException {
    Result r = run("translate", "-f", EXAMPLES.toString());

    assertThat(r.code()).as(r.err()).isZero();
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertThat(doc.fieldNames()).toIterable()
        .containsExactly("clusters", "endpoints", "listeners", "routes", "scopes", "policies");
    int policiesInExamples = countPolicyDocuments();
    assertThat(doc.get("policies")).hasSize(policiesInExamples);
    for (JsonNode p : doc.get("policies")) {
      JsonNode accepted = condition(p, "Accepted");
      assertThat(accepted.get("status").asText())
          .as(p.get("kind").asText() + " " + p.get("name").asText() + ": "
              + accepted.get("message").asText())
          .isEqualTo("True");
    }
    assertThat(names(doc.get("clusters"))).contains("default/payments/8080");
    assertThat(names(doc.get("listeners"))).containsExactly("breakwater-http");
    for (JsonNode cluster : doc.get("clusters")) {
      // Service ports by EDS; the global rate limit service (an example has a global limit) by DNS
      assertThat(cluster.get("type").asText()).as(cluster.get("name").asText())
          .isEqualTo(cluster.get("name").asText().equals("breakwater_ratelimit")
              ? "STRICT_DNS" : "EDS");
    }
  }

  @Test
  void yamlOutputHasTheSameContentAsJson() throws IOException {
    Result json = run("translate", "-f", EXAMPLES.toString(), "-o", "json");
    Result yaml = run("translate", "-f", EXAMPLES.toString(), "-o", "yaml");

    assertThat(yaml.code()).isZero();
    assertThat(new YAMLMapper().readTree(yaml.out()))
        .isEqualTo(new ObjectMapper().readTree(json.out()));
  }

  @Test
  void bootstrapOutputIsAcceptedByEnvoy(@TempDir Path tmp) throws Exception {
    Result r = run("translate", "-f", EXAMPLES.toString(), "-o", "bootstrap",
        "--admin-port", "19901");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode bootstrap = new YAMLMapper().readTree(r.out());
    assertThat(bootstrap.at("/admin/address/socket_address/port_value").asInt())
        .isEqualTo(19901);
    assertThat(bootstrap.at("/static_resources/clusters").size()).isPositive();

    Path envoy = envoyBinary();
    assertTrue(Files.isExecutable(envoy), "Envoy not provisioned at " + envoy);
    Path file = tmp.resolve("bootstrap.yaml");
    Files.writeString(file, r.out());
    Process p = new ProcessBuilder(envoy.toString(), "--mode", "validate", "-c", file.toString(),
        "--log-level", "error").redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("OK");
  }

  @Test
  void invalidPolicyExitsTwoNamingFileObjectAndField(@TempDir Path tmp) throws IOException {
    Path file = tmp.resolve("bad.yaml");
    Files.writeString(file, """
        apiVersion: resilience.breakwater.dev/v1alpha1
        kind: RateLimitPolicy
        metadata: {name: api, namespace: shop}
        spec:
          targetRef: {kind: Service, name: api}
          limits:
          - name: chat
            requests: -5
            period: 1m
        """);

    Result r = run("translate", "-f", file.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains(file.toString()).contains("RateLimitPolicy shop/api")
        .contains("spec.limits[0].requests");
  }

  @Test
  void malformedYamlAndMissingFilesExitTwo(@TempDir Path tmp) throws IOException {
    Path file = tmp.resolve("broken.yaml");
    Files.writeString(file, "a: [\n");

    Result broken = run("translate", "-f", file.toString());
    Result missing = run("translate", "-f", tmp.resolve("nope.yaml").toString());

    assertThat(broken.code()).isEqualTo(2);
    assertThat(broken.err()).contains(file.toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("nope.yaml");
  }

  static Path envoyBinary() {
    String env = System.getenv("ENVOY");
    return env != null ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".cache", "breakwater", "envoy-1.36.4",
            "envoy");
  }

  private static JsonNode condition(JsonNode policy, String type) {
    for (JsonNode c : policy.get("conditions")) {
      if (c.get("type").asText().equals(type)) {
        return c;
      }
    }
    throw new AssertionError("no " + type + " condition on " + policy);
  }

  private static List<String> names(JsonNode resources) {
    List<String> names = new ArrayList<>();
    resources.forEach(r -> names.add(r.get("name").asText()));
    return names;
  }

  private static int countPolicyDocuments() throws IOException {
    int n = 0;
    try (var files = Files.list(EXAMPLES)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        for (String line : Files.readAllLines(f)) {
          if (line.startsWith("kind: ")
              && dev.breakwater.xds.policies.PolicyKinds.names().contains(line.substring(6).trim())) {
            n++;
          }
        }
      }
    }
    return n;
  }
}
