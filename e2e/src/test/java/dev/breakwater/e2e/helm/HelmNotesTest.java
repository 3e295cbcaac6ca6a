package dev.breakwater.e2e.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The NOTES a user pastes from: for every value set that changes them, each block parses as
 * bash reads a paste (a heredoc ends at a line that is exactly its terminator) and passes
 * {@code bash -n} with nothing on stderr. The blocks run for real in {@code HelmNotesIT} (API
 * server) and {@code ChartOnNodeIT} (a node).
 */
class HelmNotesTest {
  @TempDir
  Path tmp;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "{}",
      "{gateway: {enabled: false}, operator: {watchNamespaces: [team-a]}}",
      "{gateway: {replicaCount: 3}, replicaCount: 2}",
      "{gateway: {autoscaling: {enabled: true}, service: {type: LoadBalancer, port: 8080}}}"})
  void everyBlockIsCompleteBashAsPrinted(String values) throws Exception {
    Path file = Files.writeString(tmp.resolve("values.yaml"), values + "\n");
    NotesSteps notes = NotesSteps.parse(Notes.render("breakwater", "breakwater-system", file));

    assertThat(notes.steps()).extracting(NotesSteps.Step::command)
        .anyMatch(c -> c.startsWith("kubectl apply -f - <<'YAML'"))
        .anyMatch(c -> c.startsWith("kubectl get circuitbreakerpolicies"));
    for (NotesSteps.Step step : notes.steps()) {
      assertThat(bashSyntaxErrors(step.text())).as(step.text()).isEmpty();
    }
  }

  @Test
  void defaultNotesHaveTheFiveBlocksTheTestsRun() {
    NotesSteps notes = NotesSteps.parse(Notes.render("breakwater", "breakwater-system"));

    assertThat(notes.steps()).extracting(NotesSteps.Step::command).containsExactly(
        "kubectl -n breakwater-system rollout status deployment/breakwater",
        "helm test breakwater -n breakwater-system",
        "kubectl apply -f - <<'YAML'",
        "kubectl get circuitbreakerpolicies,ratelimitpolicies,healthchecks -A",
        "kubectl -n breakwater-system port-forward service/breakwater-gateway 8000:80 >/dev/null &");
    assertThat(notes.find("kubectl -n breakwater-system port-forward").text())
        .contains("curl --retry 10 --retry-connrefused").endsWith("kill $!\n");
  }

  /** The defect this guards against: NOTES printed the terminator indented like the body. */
  @Test
  void anIndentedHeredocTerminatorIsRejected() {
    String indented = """
        2. Attach a policy:
             kubectl apply -f - <<'YAML'
             kind: CircuitBreakerPolicy
             YAML

        3. Next:
             kubectl get cbp -A
        """;

    assertThatThrownBy(() -> NotesSteps.parse(indented))
        .hasMessageContaining("no line that is exactly 'YAML'");
    assertThat(bashSyntaxErrors(indented.lines().skip(1).limit(3)
        .reduce("", (a, b) -> a + b + "\n"))).contains("here-document");
  }

  /** {@code bash -n} reading the block from stdin, as a paste is read; its stderr. */
  private static String bashSyntaxErrors(String block) {
    try {
      Process bash = new ProcessBuilder("bash", "-n").redirectErrorStream(true).start();
      bash.getOutputStream().write(block.getBytes(StandardCharsets.UTF_8));
      bash.getOutputStream().close();
      String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(bash.waitFor(10, TimeUnit.SECONDS)).isTrue();
      return out;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
