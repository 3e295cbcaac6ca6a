package dev.breakwater.e2e.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command to its end with a time limit. Its stdout is returned (and kept next to the log
 * as {@code <log>.out}); stderr goes to the log, quoted on failure.
 */
public final class Commands {
  private Commands() {}

  public static String run(List<String> command, Path dir, Path log, Duration limit) {
    try {
      Files.createDirectories(log.getParent());
      Path stdout = log.resolveSibling(log.getFileName() + ".out");
      Process process = new ProcessBuilder(command).directory(dir.toFile())
          .redirectError(log.toFile()).redirectOutput(stdout.toFile()).start();
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new AssertionError(command + " did not finish within " + limit + "; log " + log
            + ":\n" + tail(stdout) + "\n" + tail(log));
      }
      String output = Files.readString(stdout);
      if (process.exitValue() != 0) {
        throw new AssertionError(command + " exited with " + process.exitValue() + "; log " + log
            + ":\n" + tail(stdout) + "\n" + tail(log));
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
