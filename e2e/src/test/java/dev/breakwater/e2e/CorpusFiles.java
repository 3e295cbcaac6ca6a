package dev.breakwater.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** YAML files of a repository directory, sorted, for parameterized tests. */
final class CorpusFiles {
  private CorpusFiles() {}

  static List<Path> yaml(Path dir, String suffix) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Path> yaml(Path dir) {
    return Stream.concat(yaml(dir, ".yaml").stream(), yaml(dir, ".yml").stream()).sorted().toList();
  }

  /** The text after {@code prefix} on the file's header line that starts with it. */
  static String header(String yaml, String prefix) {
    return yaml.lines().filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()).trim()).findFirst()
        .orElseThrow(() -> new AssertionError("no '" + prefix + "' line"));
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
