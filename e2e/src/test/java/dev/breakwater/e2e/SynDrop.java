package dev.breakwater.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Silently drops TCP SYNs to one address and port, so a connect there neither succeeds nor is
 * refused: it hangs until the connecting side gives up. An nftables table of its own, created
 * only inside the suite's network namespace (e2e/tools/netns/bin/java) and deleted by
 * {@link #close()}; it refuses to run in the namespace the build was started in, so the host's
 * network is never touched.
 */
public final class SynDrop implements AutoCloseable {
  private static final String TABLE = "breakwater_e2e_syn_drop";

  private SynDrop() {}

  public static SynDrop to(String address, int port) {
    requireOwnNamespace();
    nft("add", "table", "inet", TABLE);
    nft("add", "chain", "inet", TABLE, "input",
        "{ type filter hook input priority 0 ; policy accept ; }");
    nft("add", "rule", "inet", TABLE, "input", "ip", "daddr", address, "tcp", "dport",
        String.valueOf(port), "tcp", "flags", "syn", "drop");
    return new SynDrop();
  }

  @Override
  public void close() {
    nft("delete", "table", "inet", TABLE);
  }

  /** The JVM runs in a network namespace other than the one the build started in. */
  private static void requireOwnNamespace() {
    String launcher = System.getenv("BREAKWATER_HOST_NETNS");
    if (!Boolean.getBoolean("breakwater.e2e.netns") || launcher == null) {
      throw new IllegalStateException("SynDrop changes the network: it only runs in the suite's "
          + "own network namespace (failsafe's e2e/tools/netns/bin/java)");
    }
    try {
      Path own = Files.readSymbolicLink(Path.of("/proc/self/ns/net"));
      Path host = Files.readSymbolicLink(Path.of(launcher));
      if (own.equals(host)) {
        throw new IllegalStateException("refusing to drop packets: this JVM shares the network "
            + "namespace of the build (" + own + ")");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void nft(String... args) {
    List<String> command = new ArrayList<>(List.of(Files.isExecutable(Path.of("/usr/sbin/nft"))
        ? "/usr/sbin/nft" : "nft"));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(command + " did not finish in 10 s");
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new IllegalStateException(command + " failed (" + p.exitValue() + "): " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
