package dev.breakwater.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** One name, one thing: no two classes of the project share a simple name. */
class ProjectLayoutTest {

  @Test
  void noTwoClassesShareAName() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of(".."))) {
      Map<String, List<Path>> byName = files
          .filter(f -> f.toString().endsWith(".java"))
          .filter(f -> !f.toString().contains("/target/") && !f.toString().contains("/.git/"))
          .collect(Collectors.groupingBy(f -> f.getFileName().toString()));
      assertThat(byName.entrySet().stream().filter(e -> e.getValue().size() > 1)
          .map(e -> e.getKey() + " " + e.getValue()).toList()).isEmpty();
    }
  }
}
