package dev.breakwater.xds.incremental;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakwater.xds.GoldenFiles;
import dev.breakwater.xds.Translation;
import dev.breakwater.xds.Translator;
import dev.breakwater.xds.envoy.EnvoyOptions;
import dev.breakwater.xds.model.ClusterState;
import dev.breakwater.xds.model.EndpointSliceModel;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.model.ServiceModel;
import dev.breakwater.xds.read.InvalidObjectException;
import dev.breakwater.xds.read.ObjectReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The incremental translator gives exactly what the whole translation gives: on every golden
 * input (fresh, and after every other case, so that nothing of an earlier state leaks), and along
 * random sequences of changes to Services, EndpointSlices and policies of all kinds, with shared
 * Service names across namespaces (the bare host name), conflicts, fallbacks and missing targets.
 */
class IncrementalTranslatorTest {
  private final Translator whole = new Translator(EnvoyOptions.DEFAULTS);

  @Test
  void everyGoldenCaseTranslatesAsTheWholeTranslationDoes() throws IOException {
    IncrementalTranslator carried = new IncrementalTranslator(EnvoyOptions.DEFAULTS);
    int compared = 0;
    for (String name : GoldenFiles.cases().toList()) {
      ClusterState state;
      try {
        state = new ObjectReader().readAll(ObjectReader.parseDocuments(GoldenFiles.input(name)));
      } catch (InvalidObjectException invalid) {
        continue; // the reader refuses it: nothing to translate
      }
      Translation expected = whole.translate(state);
      assertThat(new IncrementalTranslator(EnvoyOptions.DEFAULTS).translate(state))
          .as(name + ", fresh").isEqualTo(expected);
      assertThat(carried.translate(state)).as(name + ", after the cases before it")
          .isEqualTo(expected);
      compared++;
    }
    assertThat(compared).isGreaterThan(40);
  }

  @Test
  void anUnchangedStateRebuildsNothingAndOneChangedPolicyRebuildsOneGroup() {
    Universe u = new Universe(new Random(1));
    for (int i = 0; i < 30; i++) {
      u.mutate();
    }
    IncrementalTranslator incremental = new IncrementalTranslator(EnvoyOptions.DEFAULTS);
    incremental.translate(u.state());
    incremental.translate(u.state());
    assertThat(incremental.lastRebuiltGroups()).isZero();
    u.putBreaker("a", "probe", "api", 1);
    incremental.translate(u.state());
    assertThat(incremental.lastRebuiltGroups()).isEqualTo(1);
    u.putBreaker("a", "probe", "api", 2);
    Translation after = incremental.translate(u.state());
    assertThat(incremental.lastRebuiltGroups()).isEqualTo(1);
    assertThat(after).isEqualTo(whole.translate(u.state()));
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6})
  void randomChangesTranslateAsTheWholeTranslationDoes(int seed) {
    Universe u = new Universe(new Random(seed));
    IncrementalTranslator incremental = new IncrementalTranslator(EnvoyOptions.DEFAULTS);
    for (int step = 0; step < 150; step++) {
      String change = u.mutate();
      ClusterState state = u.state();
      assertSame(incremental.translate(state), whole.translate(state),
          "seed %d step %d: %s".formatted(seed, step, change));
    }
  }

  /** Part by part, so that a difference names its part. */
  private static void assertSame(Translation actual, Translation expected, String what) {
    assertThat(actual.results()).as(what + ": results").isEqualTo(expected.results());
    assertThat(actual.resources().clusters()).as(what + ": clusters")
        .isEqualTo(expected.resources().clusters());
    assertThat(actual.resources().endpoints()).as(what + ": endpoints")
        .isEqualTo(expected.resources().endpoints());
    assertThat(actual.resources().listeners()).as(what + ": listeners")
        .isEqualTo(expected.resources().listeners());
    assertThat(actual.resources().routes()).as(what + ": routes")
        .isEqualTo(expected.resources().routes());
    assertThat(actual.resources().scopes()).as(what + ": scopes")
        .isEqualTo(expected.resources().scopes());
    assertThat(actual).as(what).isEqualTo(expected);
  }

  /**
   * A small cluster that changes one object at a time. Objects come from YAML through the
   * reader; the same YAML gives the same instance, so unchanged objects keep their identity as
   * they do in the operator's store.
   */
  private static final class Universe {
    private static final List<String> NAMESPACES = List.of("a", "b");
    private static final List<String> SERVICES = List.of("api", "web", "cache");
    private static final List<String> KINDS = List.of("CircuitBreakerPolicy",
        "RateLimitPolicy", "RetryPolicy", "TimeoutPolicy", "HealthCheck");

    private final Random random;
    private final Map<String, Object> parsed = new HashMap<>();
    private final Map<String, String> services = new TreeMap<>();
    private final Map<String, String> slices = new TreeMap<>();
    private final Map<String, String> policies = new TreeMap<>();

    Universe(Random random) {
      this.random = random;
    }

    String mutate() {
      String ns = pick(NAMESPACES);
      String svc = pick(SERVICES);
      switch (random.nextInt(6)) {
        case 0 -> {
          if (services.containsKey(ns + "/" + svc) && random.nextBoolean()) {
            services.remove(ns + "/" + svc);
            return "remove Service " + ns + "/" + svc;
          }
          services.put(ns + "/" + svc, service(ns, svc, random.nextBoolean()));
          return "put Service " + ns + "/" + svc;
        }
        case 1 -> {
          String name = ns + "/" + svc + "-" + random.nextInt(2);
          if (slices.containsKey(name) && random.nextInt(3) == 0) {
            slices.remove(name);
            return "remove slice " + name;
          }
          slices.put(name, slice(ns, svc, name.substring(name.indexOf('/') + 1),
              random.nextInt(3), random.nextInt(3)));
          return "put slice " + name;
        }
        case 2 -> {
          String key = pick(KINDS) + "/" + ns + "/" + "p" + random.nextInt(3);
          if (policies.containsKey(key)) {
            policies.remove(key);
            return "remove " + key;
          }
          return put(key, svc);
        }
        default -> {
          return put(pick(KINDS) + "/" + pick(NAMESPACES) + "/p" + random.nextInt(3), svc);
        }
      }
    }

    /** A CircuitBreakerPolicy of its own on Services named {@code svc}, port 80. */
    void putBreaker(String ns, String name, String svc, int variant) {
      policies.put("CircuitBreakerPolicy/" + ns + "/" + name,
          policy("CircuitBreakerPolicy", ns, name, svc, 80, variant, 0));
    }

    private String put(String key, String svc) {
      String[] k = key.split("/");
      Integer port = switch (random.nextInt(3)) {
        case 0 -> null;
        case 1 -> 80;
        default -> 8080;
      };
      String yaml = policy(k[0], k[1], k[2], svc, port, random.nextInt(3), random.nextInt(3));
      if (parse(yaml) == null) {
        return "invalid " + key;
      }
      policies.put(key, yaml);
      return "put " + key + " -> " + svc + ":" + port;
    }

    ClusterState state() {
      List<Policy> ps = new ArrayList<>();
      policies.values().forEach(y -> ps.add((Policy) parse(y)));
      List<ServiceModel> ss = new ArrayList<>();
      services.values().forEach(y -> ss.add((ServiceModel) parse(y)));
      List<EndpointSliceModel> es = new ArrayList<>();
      slices.values().forEach(y -> es.add((EndpointSliceModel) parse(y)));
      ps.sort(Comparator.comparing(p -> p.meta().key()));
      return new ClusterState(ps, ss, es);
    }

    private Object parse(String yaml) {
      return parsed.computeIfAbsent(yaml, y -> {
        try {
          ClusterState s = new ObjectReader().readAll(ObjectReader.parseDocuments(y));
          if (!s.policies().isEmpty()) {
            return s.policies().get(0);
          }
          return s.services().isEmpty() ? s.endpointSlices().get(0) : s.services().get(0);
        } catch (InvalidObjectException e) {
          return null;
        }
      });
    }

    private <T> T pick(List<T> list) {
      return list.get(random.nextInt(list.size()));
    }

    private static String service(String ns, String name, boolean twoPorts) {
      return """
          apiVersion: v1
          kind: Service
          metadata: {name: %s, namespace: %s}
          spec:
            ports:
            - {name: http, port: 80, targetPort: 8080}
          %s""".formatted(name, ns,
          twoPorts ? "  - {name: admin, port: 8080, targetPort: 9090}\n" : "");
    }

    private static String slice(String ns, String svc, String name, int endpoints, int variant) {
      StringBuilder eps = new StringBuilder();
      for (int i = 0; i < endpoints; i++) {
        eps.append("- addresses: [10.%d.%d.%d]\n  conditions: {ready: %s}\n"
            .formatted(ns.equals("a") ? 1 : 2, variant, i, i != 1 || variant != 2));
      }
      return """
          apiVersion: discovery.k8s.io/v1
          kind: EndpointSlice
          metadata:
            name: %s
            namespace: %s
            labels: {kubernetes.io/service-name: %s}
          addressType: IPv4
          ports:
          - {name: http, port: 8080, protocol: TCP}
          - {name: admin, port: 9090, protocol: TCP}
          endpoints:%s""".formatted(name, ns, svc, eps.toString().isEmpty() ? " []\n" : "\n" + eps);
    }

    private static String policy(String kind, String ns, String name, String svc, Integer port,
        int variant, int age) {
      String target = port == null ? "{kind: Service, name: %s}".formatted(svc)
          : "{kind: Service, name: %s, port: %d}".formatted(svc, port);
      String spec = switch (kind) {
        case "CircuitBreakerPolicy" -> switch (variant) {
          case 0 -> "failureThreshold: 5";
          case 1 -> "failureThreshold: 3\n  fallback:\n    service: {name: cache, port: 80}";
          default -> "limits: {maxConnections: 7}";
        };
        case "RateLimitPolicy" -> "limits:\n  - {name: l, requests: %d, period: 1s}"
            .formatted(10 + variant);
        case "RetryPolicy" -> "maxAttempts: " + (2 + variant);
        case "TimeoutPolicy" -> "request: " + (5 + variant) + "s";
        default -> "http: {path: /health%d}".formatted(variant);
      };
      return """
          apiVersion: resilience.breakwater.dev/v1alpha1
          kind: %s
          metadata: {name: %s, namespace: %s, generation: 1, creationTimestamp: "2026-01-0%dT00:00:00Z"}
          spec:
            targetRef: %s
            %s
          """.formatted(kind, name, ns, age + 1, target, spec);
    }
  }
}
