package dev.breakwater.xds.bench;

import dev.breakwater.xds.Translator;
import dev.breakwater.xds.envoy.EnvoyOptions;
import dev.breakwater.xds.incremental.IncrementalTranslator;
import dev.breakwater.xds.model.ClusterState;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.model.PolicyMode;
import dev.breakwater.xds.policies.circuitbreaker.CircuitBreakerPolicyKind;
import dev.breakwater.xds.policies.circuitbreaker.CircuitBreakerSettings;
import dev.breakwater.xds.snapshot.SnapshotFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * What the publisher does for a one-policy change: translate the state (one CircuitBreakerPolicy's
 * limits changed, every other object the same instance) and build the versioned snapshot, with the
 * whole translation and with the incremental one. Method and results: docs/benchmarks.md.
 *
 * <pre>./mvnw -q -pl envoy-xds test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.breakwater.xds.bench.OnePolicyChangeBenchmark -Dexec.args="3334 2 40"</pre>
 */
public final class OnePolicyChangeBenchmark {

  public record Result(double wholeMedianMillis, double wholeP90Millis,
      double incrementalMedianMillis, double incrementalP90Millis, int policies) {}

  public static void main(String[] args) {
    int services = args.length > 0 ? Integer.parseInt(args[0]) : 3334;
    int endpoints = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 40;
    Result r = run(services, endpoints, rounds);
    System.out.printf("services=%d policies=%d whole: median=%.2fms p90=%.2fms | incremental: "
            + "median=%.2fms p90=%.2fms%n", services, r.policies(), r.wholeMedianMillis(),
        r.wholeP90Millis(), r.incrementalMedianMillis(), r.incrementalP90Millis());
  }

  public static Result run(int services, int endpointsPerService, int rounds) {
    ClusterState base = TranslationBenchmark.state(services, endpointsPerService);
    Translator whole = new Translator(EnvoyOptions.DEFAULTS);
    IncrementalTranslator incremental = new IncrementalTranslator(EnvoyOptions.DEFAULTS);
    double[] w = time(base, rounds, whole::translate);
    double[] i = time(base, rounds, incremental::translate);
    return new Result(w[rounds / 2], w[(int) Math.ceil(rounds * 0.9) - 1], i[rounds / 2],
        i[(int) Math.ceil(rounds * 0.9) - 1], base.policies().size());
  }

  /** Per round: one policy's new generation, then translation plus snapshot; sorted ms. */
  private static double[] time(ClusterState base, int rounds,
      Function<ClusterState, dev.breakwater.xds.Translation> translate) {
    SnapshotFactory snapshots = new SnapshotFactory();
    List<Policy> policies = new ArrayList<>(base.policies());
    snapshots.next(translate.apply(base).resources());
    int warmup = Math.max(5, rounds / 2);
    double[] millis = new double[rounds];
    for (int round = 0; round < warmup + rounds; round++) {
      int index = (round * 7919) % policies.size();
      while (!policies.get(index).kind().equals(CircuitBreakerPolicyKind.NAME)) {
        index = (index + 1) % policies.size();
      }
      policies.set(index, changed(policies.get(index), round));
      ClusterState state = new ClusterState(policies, base.services(), base.endpointSlices());
      long start = System.nanoTime();
      snapshots.next(translate.apply(state).resources());
      if (round >= warmup) {
        millis[round - warmup] = (System.nanoTime() - start) / 1e6;
      }
    }
    Arrays.sort(millis);
    return millis;
  }

  private static Policy changed(Policy p, int round) {
    return new Policy(p.meta(), p.targetRef(), new CircuitBreakerSettings(PolicyMode.Enforce, 5,
        3, null, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(300), 50,
        null, null, new CircuitBreakerSettings.Limits(1000 + round, 50, 200, 3)));
  }
}
