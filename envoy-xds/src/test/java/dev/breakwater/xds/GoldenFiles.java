package dev.breakwater.xds;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Golden files: {@code <case>.in.yaml} -> {@code <case>.out.yaml}. Run with
 * {@code -Dgolden.update=true} to rewrite the outputs, then review them as a diff.
 */
public final class GoldenFiles {
  public static final Path DIR = Path.of(System.getProperty("golden.dir", "src/test/resources/testdata"));
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");

  private GoldenFiles() {}

  public static Stream<String> cases() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".in.yaml"))
          .map(n -> n.substring(0, n.length() - ".in.yaml".length()))
          .sorted()
          .toList()
          .stream();
    }
  }

  public static String input(String name) throws IOException {
    return Files.readString(DIR.resolve(name + ".in.yaml"));
  }

  public static void assertMatches(String name, String actual) throws IOException {
    Path out = DIR.resolve(name + ".out.yaml");
    if (UPDATE) {
      Files.writeString(out, actual);
      return;
    }
    if (!Files.exists(out)) {
      fail("%s is missing; run ./mvnw -pl envoy-xds test -Dgolden.update=true and review it", out);
    }
    String expected = Files.readString(out);
    if (!expected.equals(actual)) {
      fail("%s differs from the translation (- golden, + actual); if the change is intended, run "
          + "./mvnw -pl envoy-xds test -Dgolden.update=true and review the diff:%n%s", out, diff(expected, actual));
    }
  }

  /** The lines around the first difference, enough to see what changed. */
  static String diff(String expected, String actual) {
    List<String> e = expected.lines().toList();
    List<String> a = actual.lines().toList();
    int first = 0;
    while (first < e.size() && first < a.size() && e.get(first).equals(a.get(first))) {
      first++;
    }
    int endE = e.size() - 1;
    int endA = a.size() - 1;
    while (endE > first && endA > first && e.get(endE).equals(a.get(endA))) {
      endE--;
      endA--;
    }
    StringBuilder out = new StringBuilder("@@ line " + (first + 1) + " @@\n");
    for (int i = Math.max(0, first - 3); i < first; i++) {
      out.append("  ").append(e.get(i)).append('\n');
    }
    for (int i = first; i <= Math.min(endE, first + 40); i++) {
      out.append("- ").append(e.get(i)).append('\n');
    }
    for (int i = first; i <= Math.min(endA, first + 40); i++) {
      out.append("+ ").append(a.get(i)).append('\n');
    }
    return out.toString();
  }
}
