package dev.breakwater.xds.bench;

import dev.breakwater.xds.model.ClusterState;
import dev.breakwater.xds.model.EndpointSliceModel;
import dev.breakwater.xds.model.PolicyMode;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.model.PolicyMeta;
import dev.breakwater.xds.policies.circuitbreaker.CircuitBreakerPolicyKind;
import dev.breakwater.xds.policies.circuitbreaker.CircuitBreakerSettings;
import dev.breakwater.xds.policies.healthcheck.HealthCheckKind;
import dev.breakwater.xds.policies.healthcheck.HealthCheckSettings;
import dev.breakwater.xds.policies.ratelimit.RateLimitPolicyKind;
import dev.breakwater.xds.policies.ratelimit.RateLimitSettings;
import dev.breakwater.xds.model.ServiceModel;
import dev.breakwater.xds.model.PolicyTarget;
import dev.breakwater.xds.snapshot.SnapshotFactory;
import dev.breakwater.xds.Translation;
import dev.breakwater.xds.Translator;
import dev.breakwater.xds.envoy.EnvoyOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Full translation (model -> Envoy resources -> versioned snapshot) of a cluster with N Services,
 * each with E endpoints and one policy of every kind. Method and results: docs/benchmarks.md.
 *
 * <pre>./mvnw -q -pl envoy-xds test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.breakwater.xds.bench.TranslationBenchmark -Dexec.args="1000 10 20"</pre>
 */
public final class TranslationBenchmark {

  public record Result(int services, int endpoints, double medianMillis, double p90Millis,
      long heapBytesAfter, int clusters) {}

  public static void main(String[] args) {
    int services = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int endpoints = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    Result r = run(services, endpoints, iterations);
    System.out.printf("services=%d endpointsPerService=%d policies=%d median=%.1fms p90=%.1fms "
            + "heapAfterGc=%.1fMiB clusters=%d%n", r.services(), r.endpoints(), 3 * r.services(),
        r.medianMillis(), r.p90Millis(), r.heapBytesAfter() / 1048576.0, r.clusters());
  }

  public static Result run(int services, int endpointsPerService, int iterations) {
    ClusterState state = state(services, endpointsPerService);
    Translator translator = new Translator(EnvoyOptions.DEFAULTS);
    SnapshotFactory snapshots = new SnapshotFactory();
    for (int i = 0; i < Math.max(3, iterations / 4); i++) {
      snapshots.next(translator.translate(state).resources());
    }
    double[] millis = new double[iterations];
    Translation last = null;
    for (int i = 0; i < iterations; i++) {
      long start = System.nanoTime();
      last = translator.translate(state);
      snapshots.next(last.resources());
      millis[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(millis);
    System.gc();
    Runtime rt = Runtime.getRuntime();
    return new Result(services, endpointsPerService, millis[iterations / 2],
        millis[(int) Math.min(iterations - 1, Math.ceil(iterations * 0.9) - 1)],
        rt.totalMemory() - rt.freeMemory(), last.resources().clusters().size());
  }

  static ClusterState state(int services, int endpointsPerService) {
    List<Policy> policies = new ArrayList<>();
    List<ServiceModel> svcs = new ArrayList<>();
    List<EndpointSliceModel> slices = new ArrayList<>();
    for (int s = 0; s < services; s++) {
      String ns = "ns-" + (s % 20);
      String name = "svc-" + s;
      svcs.add(new ServiceModel(ns, name, List.of(new ServiceModel.Port("http", 80, "8080", "TCP", null))));
      List<EndpointSliceModel.Endpoint> eps = new ArrayList<>();
      for (int e = 0; e < endpointsPerService; e++) {
        eps.add(new EndpointSliceModel.Endpoint(List.of("10." + (s / 250) + "." + (s % 250) + "." + e), true, true, false));
      }
      slices.add(new EndpointSliceModel(ns, name + "-1", name,
          List.of(new EndpointSliceModel.Port("http", 8080, "TCP", null)), eps));
      PolicyTarget target = PolicyTarget.service(name, 80);
      policies.add(new Policy(meta(CircuitBreakerPolicyKind.NAME, ns, name), target,
          new CircuitBreakerSettings(PolicyMode.Enforce, 5, 3, null, Duration.ofSeconds(10),
              Duration.ofSeconds(30), Duration.ofSeconds(300), 50, null, null,
              new CircuitBreakerSettings.Limits(100, 50, 200, 3))));
      policies.add(new Policy(meta(RateLimitPolicyKind.NAME, ns, name), target,
          new RateLimitSettings(PolicyMode.Enforce, true, List.of(new RateLimitSettings.Limit("per-user", 50,
              Duration.ofMinutes(1), 60, RateLimitSettings.Key.byHeader("x-user-id"), null)), null)));
      policies.add(new Policy(meta(HealthCheckKind.NAME, ns, name), target,
          new HealthCheckSettings(new HealthCheckSettings.Http("/health", List.of(200)), null, null,
              Duration.ofSeconds(10), Duration.ofSeconds(1), 2, 3, true,
              new HealthCheckSettings.Probes(true, false, false), null)));
    }
    return new ClusterState(policies, svcs, slices);
  }

  private static PolicyMeta meta(String kind, String ns, String name) {
    return new PolicyMeta(kind, ns, name, 1, Instant.EPOCH);
  }
}
