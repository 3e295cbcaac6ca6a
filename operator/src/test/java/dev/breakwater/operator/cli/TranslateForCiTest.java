package dev.breakwater.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.breakwater.operator.Main;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code translate} as CI uses it: stdin, --strict, and folders with more than policies. */
class TranslateForCiTest {

  private static final String API_LIMIT = """
      apiVersion: resilience.breakwater.dev/v1alpha1
      kind: RateLimitPolicy
      metadata: {name: api, namespace: shop}
      spec:
        targetRef: {kind: Service, name: x, port: 80}
        limits:
        - {name: all, requests: 10, period: 1s}
      """;

  static TranslateCommandTest.Result run(Consumer<TranslateCommand> setup, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    setup.accept((TranslateCommand) cmd.getSubcommands().get("translate").getCommand());
    int code = cmd.execute(args);
    return new TranslateCommandTest.Result(code, out.toString(), err.toString());
  }

  @Test
  void dashReadsStandardInput() throws IOException {
    String payments = Files.readString(Path.of("..", "examples", "payments.yaml"));
    var r = run(c -> c.stdin = stdin(payments), "translate", "-f", "-");

    assertThat(r.code()).as(r.err()).isZero();
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertThat(doc.path("policies")).isNotEmpty();
  }

  @Test
  void strictExitsThreeWithOneLinePerPolicyNotAccepted() {
    var lenient = run(c -> c.stdin = stdin(API_LIMIT), "translate", "-f", "-");
    var strict = run(c -> c.stdin = stdin(API_LIMIT), "translate", "-f", "-", "--strict");

    assertThat(lenient.code()).isZero();
    assertThat(strict.code()).isEqualTo(TranslateCommand.NOT_ACCEPTED);
    assertThat(strict.err()).isEqualTo("RateLimitPolicy shop/api: Accepted=False "
        + "TargetNotFound: Service shop/x not found" + System.lineSeparator());
    assertThat(strict.out()).isEqualTo(lenient.out());
  }

  @Test
  void strictPassesWhenEveryPolicyIsAccepted() {
    var r = run(c -> { }, "translate", "-f", Path.of("..", "examples").toString(), "--strict");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err().lines()).allMatch(l -> l.startsWith("notice: "));
  }

  @Test
  void templatesAndOtherObjectsAreSkippedWithANotice(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("a-policy.yaml"), API_LIMIT + """
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: x, namespace: shop}
        spec:
          ports: [{port: 80}]
        """);
    Files.writeString(dir.resolve("b-app.yaml"), """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: web-config}
        """);
    Files.writeString(dir.resolve("c-template.yaml"), """
        {{- if .Values.enabled }}
        apiVersion: resilience.breakwater.dev/v1alpha1
        kind: RateLimitPolicy
        metadata:
          name: {{ .Values.name }}
        {{- end }}
        """);
    Files.writeString(dir.resolve("d-quoted-template.yaml"), """
        apiVersion: resilience.breakwater.dev/v1alpha1
        kind: CircuitBreakerPolicy
        metadata: {name: "{{ .Values.name }}"}
        spec: {targetRef: {kind: Service, name: x}, failureThreshold: 5}
        """);

    var r = run(c -> { }, "translate", "-f", dir.toString(), "--strict");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err().lines()).containsExactly(
        "notice: " + dir.resolve("b-app.yaml") + ": skipped 2 objects translate does not read: "
            + "Deployment web, ConfigMap web-config",
        "notice: " + dir.resolve("c-template.yaml") + ": skipped: a template ({{ }}); render it "
            + "first, e.g. helm template ... | breakwater translate -f -",
        "notice: " + dir.resolve("d-quoted-template.yaml") + ": skipped: a template ({{ }}); "
            + "render it first, e.g. helm template ... | breakwater translate -f -");
    assertThat(r.out()).contains("\"name\" : \"api\"");
  }

  @Test
  void brokenYamlThatIsNoTemplateStillFails(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("broken.yaml"), "kind: [unclosed\n");
    var r = run(c -> { }, "translate", "-f", dir.toString());
    assertThat(r.code()).isEqualTo(TranslateCommand.INVALID_INPUT);
    assertThat(r.err()).startsWith("error: " + dir.resolve("broken.yaml") + ": not valid YAML");
  }

  private static ByteArrayInputStream stdin(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
