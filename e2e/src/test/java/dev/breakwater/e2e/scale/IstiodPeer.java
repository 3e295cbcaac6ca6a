package dev.breakwater.e2e.scale;

import dev.breakwater.e2e.TestBed;
import dev.breakwater.e2e.helm.HostNetwork;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * istiod's binary and Istio's CRDs, as {@code e2e/tools/provision-istiod-peer} builds them from
 * the Go module proxy (cached under {@code ~/.cache/breakwater/istiod-<version>/}; the first run
 * compiles pilot-discovery, minutes on 2 cores).
 *
 * @param binary pilot-discovery, or null when it could not be built
 * @param crds crd-all.gen.yaml of the same module
 * @param failure why there is no binary (the script's last lines)
 */
record IstiodPeer(Path binary, Path crds, String failure) {

  static IstiodPeer provision() {
    Path script = TestBed.repoRoot().resolve("e2e/tools/provision-istiod-peer");
    Path log = TestBed.workDir("istiod-peer").resolve("provision.log");
    try {
      // the suite's network namespace has no route out; the Go build needs the module proxy
      Process p = new ProcessBuilder(HostNetwork.command(List.of(script.toString())))
          .redirectError(log.toFile()).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        return failed("provision-istiod-peer did not finish within 60 minutes");
      }
      Path binary = null;
      Path crds = null;
      for (String line : out.lines().toList()) {
        if (line.startsWith("ISTIOD_PEER=")) {
          binary = Path.of(line.substring("ISTIOD_PEER=".length()));
        } else if (line.startsWith("ISTIOD_CRDS=")) {
          crds = Path.of(line.substring("ISTIOD_CRDS=".length()));
        }
      }
      if (p.exitValue() != 0 || binary == null || crds == null || !Files.isExecutable(binary)) {
        String err = Files.readString(log);
        String tail = err.lines().skip(Math.max(0, err.lines().count() - 5))
            .reduce((a, b) -> a + "\n" + b).orElse("");
        return failed("provision-istiod-peer exited " + p.exitValue() + ": " + tail);
      }
      return new IstiodPeer(binary, crds, null);
    } catch (IOException e) {
      return failed("provision-istiod-peer could not run: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed("interrupted while building pilot-discovery");
    }
  }

  private static IstiodPeer failed(String why) {
    return new IstiodPeer(null, null, why);
  }

  boolean built() {
    return binary != null;
  }
}
