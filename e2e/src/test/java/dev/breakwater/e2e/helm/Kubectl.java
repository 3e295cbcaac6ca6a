package dev.breakwater.e2e.helm;

import dev.breakwater.e2e.TestBed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The provisioned kubectl against one kubeconfig; used for {@code kubectl auth can-i}. */
public final class Kubectl {
  private final Path kubeconfig;

  public Kubectl(Path kubeconfig) {
    this.kubeconfig = kubeconfig;
  }

  /**
   * {@code kubectl auth can-i VERB RESOURCE [-n NS | -A] --as USER [--subresource S]}; exit code 0
   * means allowed, 1 denied, anything else is an error of the check itself.
   *
   * @param namespace a namespace, or null for every namespace ({@code -A})
   */
  public boolean canI(String user, String verb, String resource, String namespace,
      String subresource) {
    List<String> args = new ArrayList<>(List.of("auth", "can-i", verb, resource, "--as", user));
    if (namespace == null) {
      args.add("--all-namespaces");
    } else {
      args.addAll(List.of("--namespace", namespace));
    }
    if (subresource != null) {
      args.addAll(List.of("--subresource", subresource));
    }
    Result result = run(args);
    if (result.exit() > 1) {
      throw new IllegalStateException("kubectl " + args + " failed: " + result.output());
    }
    return result.exit() == 0;
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public Result run(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(TestBed.get().kubectl().toString());
    command.add("--kubeconfig=" + kubeconfig);
    command.add("--request-timeout=20s");
    command.addAll(args);
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      // --request-timeout bounds kubectl itself, so reading to the end cannot hang
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("kubectl " + args + " did not finish in 30 s");
      }
      return new Result(process.exitValue(), output.trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public record Result(int exit, String output) {}
}
