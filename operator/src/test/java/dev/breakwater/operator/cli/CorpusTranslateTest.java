package dev.breakwater.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * `translate` refuses, with exit 2 and the same field path the API server gives, every policy of
 * the invalid corpus (the API server's rules, from the generated CRD) and of the Envoy corpus
 * (rules only the operator can check: the API server accepts those; ApiValidationIT proves both).
 * Each file's header names the field: {@code # field: spec.limits[0].period}.
 */
class CorpusTranslateTest {
  private static final Path CORPORA = Path.of("..", "e2e", "src", "test", "resources");

  static Stream<Path> invalid() throws IOException {
    return yaml(CORPORA.resolve("invalid"));
  }

  static Stream<Path> envoyInvalid() throws IOException {
    return yaml(CORPORA.resolve("envoy-invalid"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void refusesWhatTheApiServerRefusesNamingTheSameField(Path file) throws IOException {
    assertRefused(file);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("envoyInvalid")
  void refusesWhatEnvoyWouldRejectNamingTheField(Path file) throws IOException {
    assertRefused(file);
  }

  private static void assertRefused(Path file) throws IOException {
    String field = header(file, "# field:");
    TranslateCommandTest.Result r = TranslateCommandTest.run("translate", "-f", file.toString());
    assertThat(r.code()).as("exit status; stderr: %s", r.err()).isEqualTo(2);
    assertThat(r.err().lines()).as("stderr names %s", field)
        .anyMatch(line -> line.startsWith("  " + field + ": "));
  }

  static String header(Path file, String prefix) throws IOException {
    return Files.readAllLines(file).stream().filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()).trim()).findFirst()
        .orElseThrow(() -> new AssertionError(file + " has no '" + prefix + "' line"));
  }

  private static Stream<Path> yaml(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> list = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
      assertThat(list).as("files in " + dir).isNotEmpty();
      return list.stream();
    }
  }
}
