package dev.breakwater.e2e.devup;

import dev.breakwater.e2e.TestBed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The repository's {@code dev/up}, run as a user runs it, with a state directory and a network
 * namespace of its own ({@code BREAKWATER_DEV_DIR}, {@code BREAKWATER_DEV_NETNS}) so that it
 * never touches a developer's {@code dev/up} on the same machine.
 */
final class DevUp {
  private final Path state;
  private final String netns;
  private final Path logs;

  DevUp(String netns) {
    this.logs = TestBed.workDir("devup");
    this.state = logs.resolve("state");
    this.netns = netns;
  }

  /** {@code dev/up [args]}: exit code and output (stdout, then stderr). */
  Result run(Duration limit, String... args) {
    String name = args.length == 0 ? "up" : args[0].replace("--", "");
    Path out = logs.resolve(name + ".out");
    Path err = logs.resolve(name + ".err");
    List<String> command = new ArrayList<>(List.of(TestBed.repoRoot().resolve("dev/up")
        .toString()));
    command.addAll(List.of(args));
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
          .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
              Path.of("/dev/null").toFile()));
      builder.environment().put("BREAKWATER_DEV_DIR", state.toString());
      builder.environment().put("BREAKWATER_DEV_NETNS", netns);
      Process process = builder.start();
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new AssertionError("dev/up " + String.join(" ", args) + " did not end within "
            + limit + "; see " + out + " and " + err);
      }
      return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Component name -> PID, from the state directory's pid files. */
  Map<String, Long> pids() {
    Map<String, Long> pids = new LinkedHashMap<>();
    try (var files = Files.list(state.resolve("pids"))) {
      for (Path file : files.sorted().toList()) {
        pids.put(file.getFileName().toString(), Long.parseLong(Files.readString(file).trim()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pids;
  }

  /** A command inside dev/up's network namespace: its stdout. */
  String inNamespace(String... command) {
    List<String> full = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + netns));
    full.addAll(List.of(command));
    try {
      Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Path state() {
    return state;
  }

  String netns() {
    return netns;
  }

  /** A process that exists and has not exited (a zombie, waiting to be reaped, has exited). */
  static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (IOException e) {
      return false;
    }
  }

  record Result(int exit, String stdout, String stderr) {
    String output() {
      return stdout + stderr;
    }
  }
}
