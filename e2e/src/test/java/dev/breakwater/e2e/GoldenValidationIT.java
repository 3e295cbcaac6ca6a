package dev.breakwater.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.breakwater.operator.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No translation may produce config Envoy rejects: every golden input of envoy-xds is rendered
 * by the operator's own CLI ({@code translate -o bootstrap}, in-process) and checked by the real
 * Envoy with {@code --mode validate}. Golden cases whose expected output is {@code invalid:}
 * (the reader refuses the input) must make the CLI fail instead, naming every field the golden
 * file lists; there is no config to validate then.
 */
class GoldenValidationIT {
  private static final Path TESTDATA =
      TestBed.repoRoot().resolve("envoy-xds/src/test/resources/testdata");

  static List<Path> goldenInputs() {
    return CorpusFiles.yaml(TESTDATA, ".in.yaml");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenInputs")
  void envoyAcceptsTheRenderedBootstrap(Path input) throws IOException, InterruptedException {
    String name = input.getFileName().toString().replace(".in.yaml", "");
    JsonNode golden = new YAMLMapper().readTree(TESTDATA.resolve(name + ".out.yaml").toFile());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.commandLine()
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute("translate", "-f", input.toString(), "-o", "bootstrap");

    if (golden.has("invalid")) {
      assertThat(exit).as("translate of an invalid input fails").isNotZero();
      for (JsonNode error : golden.path("errors")) {
        assertThat(err.toString()).contains(error.path("field").asText());
      }
      return;
    }
    assertThat(exit).as("translate -o bootstrap %s: %s", input, err).isZero();
    assertThat(out.toString()).as("bootstrap of %s", input).contains("static_resources");

    Path dir = TestBed.workDir("golden");
    Path bootstrap = Files.writeString(dir.resolve(name + ".bootstrap.yaml"), out.toString());
    Path log = dir.resolve(name + ".validate.log");
    Process envoy = new ProcessBuilder(TestBed.get().envoy().toString(),
        "--mode", "validate", "-c", bootstrap.toString(), "--log-level", "warn")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(envoy.waitFor(60, TimeUnit.SECONDS)).as("envoy --mode validate finished").isTrue();
    assertThat(envoy.exitValue())
        .as("envoy --mode validate %s:%n%s", bootstrap, Files.readString(log)).isZero();
    assertThat(Files.readString(log)).contains("OK");
  }
}
