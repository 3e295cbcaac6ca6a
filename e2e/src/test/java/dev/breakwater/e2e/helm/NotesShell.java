package dev.breakwater.e2e.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakwater.e2e.TestBed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs a NOTES block as a user's paste into bash is run: the block on bash's stdin, the test
 * bed's kubectl on PATH, KUBECONFIG set; stderr (kubectl's notices, curl's progress) goes to
 * {@code notes-steps.stderr} in the work directory. A block must end within 90 s and exit 0.
 */
public final class NotesShell {
  private final Path kubeconfig;
  private final Path workDir;

  public NotesShell(Path kubeconfig, Path workDir) {
    this.kubeconfig = kubeconfig;
    this.workDir = workDir;
  }

  /** The block's stdout. */
  public String run(NotesSteps.Step step) {
    try {
      // stdout to a file: a block that hangs must not block the test reading it
      Path stdout = Files.createTempFile(workDir, "notes-step", ".out");
      ProcessBuilder builder = new ProcessBuilder("bash")
          .redirectOutput(stdout.toFile())
          .redirectError(ProcessBuilder.Redirect.appendTo(
              workDir.resolve("notes-steps.stderr").toFile()));
      String kubectlDir = TestBed.get().kubectl().getParent().toString();
      builder.environment().put("PATH", kubectlDir + ":" + System.getenv("PATH"));
      builder.environment().put("KUBECONFIG", kubeconfig.toString());
      Process bash = builder.start();
      bash.getOutputStream().write(step.text().getBytes(StandardCharsets.UTF_8));
      bash.getOutputStream().close();
      boolean ended = bash.waitFor(90, TimeUnit.SECONDS);
      if (!ended) {
        bash.descendants().forEach(ProcessHandle::destroyForcibly);
        bash.destroyForcibly();
      }
      String out = Files.readString(stdout);
      assertThat(ended).as("block ended:\n" + step.text()).isTrue();
      assertThat(bash.exitValue()).as(step.text() + "-> " + out).isZero();
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
