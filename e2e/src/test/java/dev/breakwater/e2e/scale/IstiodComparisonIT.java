package dev.breakwater.e2e.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakwater.e2e.TestBed;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's yardstick: istiod (pilot-discovery built from the Go module proxy by
 * {@code e2e/tools/provision-istiod-peer}) and the Breakwater operator jar on one API server,
 * each with a plain Envoy, the same Services, and a DestinationRule / a CircuitBreakerPolicy with
 * the same numbers on each (see {@link IstiodComparison}).
 *
 * <p>Runs only when asked: {@code -Dbreakwater.istiod=true} runs the smoke size (20 Services, 3
 * creates and 3 updates per system) and asserts behaviour only (both Envoys get every cluster,
 * show every written value); {@code -Dbreakwater.bench=full} runs 100 and 1,000 Services, 10
 * operations of each kind (sizes: {@code -Dbreakwater.istiod.sizes=100,1000}, operations:
 * {@code -Dbreakwater.istiod.operations=10}) and writes {@code e2e/target/istiod-comparison.md}.
 * Not part of a plain {@code ./mvnw verify} (it skips, saying so): building pilot-discovery with
 * empty caches took 8 min 21 s on the 2-core machine, too much to add to every CI run
 * (docs/benchmarks.md, "Side by side with istiod"). Asked for, it fails when pilot-discovery
 * cannot be built.
 */
class IstiodComparisonIT {

  @Test
  void bothEnvoysGetEveryClusterAndShowEveryWrittenValue() throws Exception {
    boolean full = "full".equals(System.getProperty("breakwater.bench"));
    Assumptions.assumeTrue(full || Boolean.getBoolean("breakwater.istiod"),
        "the istiod comparison runs with -Dbreakwater.istiod=true or -Dbreakwater.bench=full "
            + "(it builds pilot-discovery from the Go module proxy on first use)");
    IstiodPeer peer = IstiodPeer.provision();
    // asked for and not built is a failure: the module proxy is reachable here
    assertThat(peer.built()).as(() -> "pilot-discovery built: " + peer.failure()).isTrue();

    List<Integer> sizes = Arrays.stream(System.getProperty("breakwater.istiod.sizes",
            full ? "100,1000" : "20").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).map(Integer::parseInt).toList();
    int operations = Integer.getInteger("breakwater.istiod.operations", full ? 10 : 3);
    ComparisonReport report = new ComparisonReport("istiod (" + peer.binary().getParent()
        .getFileName() + ") vs Breakwater (" + commit() + "), " + operations
        + " creates + " + operations + " updates each" + (full ? "" : " (smoke)"));
    List<IstiodComparison.Outcome> outcomes = new ArrayList<>();
    try {
      // every size runs and reports before anything is asserted
      for (int services : sizes) {
        outcomes.add(new IstiodComparison(peer, services, operations,
            System.getProperty("breakwater.bench.memoryLimit", "512m"), report).run());
      }
    } finally {
      report.write();
    }
    for (IstiodComparison.Outcome o : outcomes) {
      String at = " at " + o.services() + " Services";
      assertThat(o.istiodAlive()).as("istiod alive" + at).isTrue();
      assertThat(o.operatorAlive()).as("operator alive" + at).isTrue();
      assertThat(o.istiodSynced()).as("istiod's Envoy got every cluster" + at).isTrue();
      assertThat(o.breakwaterSynced()).as("Breakwater's Envoy got every cluster" + at).isTrue();
      assertThat(o.istiodSeen()).as("DestinationRule writes istiod's Envoy showed" + at)
          .isEqualTo(o.operations());
      assertThat(o.breakwaterSeen()).as("CircuitBreakerPolicy writes Breakwater's Envoy showed"
          + at).isEqualTo(o.operations());
    }
  }

  /**
   * The commit the Breakwater numbers belong to: HEAD, and the last commit that changed what the
   * operator jar is built from when that is an older one (harness commits change no number).
   */
  private static String commit() {
    String head = git("rev-parse", "--short", "HEAD");
    String operator = git("log", "-1", "--format=%h", "--", "operator", "envoy-xds", "crds",
        "pom.xml");
    return head.equals(operator) ? head : head + ", operator code as of " + operator;
  }

  private static String git(String... args) {
    try {
      List<String> command = new ArrayList<>(List.of("git"));
      command.addAll(List.of(args));
      Process p = new ProcessBuilder(command)
          .directory(TestBed.repoRoot().toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor() == 0 ? out : "unknown commit";
    } catch (Exception e) {
      return "unknown commit";
    }
  }
}
