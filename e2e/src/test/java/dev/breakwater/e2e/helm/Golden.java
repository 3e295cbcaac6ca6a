package dev.breakwater.e2e.helm;

import static org.assertj.core.api.Assertions.fail;

import dev.breakwater.e2e.TestBed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under {@code e2e/src/test/resources/helm/}: a render is compared with its reviewed
 * copy; {@code -Dgolden.update=true} rewrites the copy instead (then review it with git diff).
 */
final class Golden {
  private Golden() {}

  static Path file(String name) {
    return TestBed.repoRoot().resolve("e2e/src/test/resources/helm").resolve(name);
  }

  static void assertMatches(String name, String actual) {
    Path file = file(name);
    try {
      if (Boolean.getBoolean("golden.update")) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, actual);
        return;
      }
      if (!Files.isRegularFile(file)) {
        fail("golden file " + file + " is missing; create it with -Dgolden.update=true");
      }
      String expected = Files.readString(file);
      if (!expected.equals(actual)) {
        fail("render differs from golden " + file
            + " (if the change is intended, rerun with -Dgolden.update=true and review):\n"
            + LineDiff.unified("golden/" + name, expected, "rendered", actual));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
