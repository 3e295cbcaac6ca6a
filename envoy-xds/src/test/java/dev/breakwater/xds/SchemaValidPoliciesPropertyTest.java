package dev.breakwater.xds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakwater.xds.read.ObjectReader;
import dev.breakwater.xds.envoy.EnvoyOptions;
import dev.breakwater.xds.model.ClusterState;
import dev.breakwater.xds.snapshot.SnapshotFactory;
import dev.breakwater.xds.snapshot.XdsConsistency;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any policy the CRD schema admits translates without an exception into a consistent snapshot. */
class SchemaValidPoliciesPropertyTest {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  @Property(tries = 300)
  void everySchemaValidSetOfPoliciesTranslates(@ForAll("policies") List<ObjectNode> policies) throws Exception {
    List<com.fasterxml.jackson.databind.JsonNode> objects = new ArrayList<>(policies);
    objects.add(service());
    ClusterState state = new ObjectReader().readAll(objects);

    Translation translation = new Translator(EnvoyOptions.DEFAULTS).translate(state);

    assertThat(translation.results()).hasSize(policies.size());
    assertThat(translation.results()).allSatisfy(r -> assertThat(r.conditions()).isNotEmpty());
    XdsConsistency.assertConsistent(translation.resources());
    assertThat(new SnapshotFactory().next(translation.resources()).clusters().resources())
        .hasSameSizeAs(translation.resources().clusters());
  }

  @Provide
  Arbitrary<List<ObjectNode>> policies() {
    Arbitrary<ObjectNode> one = Arbitraries.oneOf(circuitBreaker(), rateLimit(), healthCheck(),
        retryPolicy(), timeoutPolicy());
    return one.list().ofMinSize(1).ofMaxSize(6).map(list -> {
      for (int i = 0; i < list.size(); i++) {
        ((ObjectNode) list.get(i).get("metadata")).put("name", "p" + i);
      }
      return list;
    });
  }

  private static Arbitrary<ObjectNode> circuitBreaker() {
    return Combinators.combine(
        Arbitraries.integers().between(1, 1000).injectNull(0.3),
        Arbitraries.integers().between(1, 1000).injectNull(0.5),
        Arbitraries.integers().between(1, 100).injectNull(0.5),
        durations(), durations(), Arbitraries.integers().between(0, 100),
        Arbitraries.integers().between(1, 100_000).injectNull(0.5),
        Arbitraries.of("Enforce", "DryRun"))
        .as((consecutive, gateway, rate, period, reset, percent, maxRequests, mode) -> {
          ObjectNode spec = spec("CircuitBreakerPolicy");
          ObjectNode s = (ObjectNode) spec.get("spec");
          s.put("mode", mode).put("monitoringPeriod", period).put("resetTimeout", reset)
              .put("maxResetTimeout", "24h").put("maxOpenEndpointsPercent", percent);
          if (consecutive != null) {
            s.put("failureThreshold", consecutive);
          }
          if (gateway != null) {
            s.put("gatewayFailureThreshold", gateway);
          }
          if (rate != null) {
            s.putObject("failureRate").put("threshold", rate);
          }
          if (maxRequests != null || (consecutive == null && gateway == null && rate == null)) {
            s.putObject("limits").put("maxRequests", maxRequests == null ? 1 : maxRequests);
          }
          return spec;
        });
  }

  private static Arbitrary<ObjectNode> rateLimit() {
    Arbitrary<ObjectNode> limit = Combinators.combine(
        Arbitraries.integers().between(1, 10_000), Arbitraries.integers().between(0, 100),
        Arbitraries.of("50ms", "1s", "1m", "1h"),
        Arbitraries.of("none", "header", "remote"),
        Arbitraries.of("none", "Prefix", "Exact", "RegularExpression"),
        Arbitraries.of("GET", "POST", "PUT").list().uniqueElements().ofMaxSize(3))
        .as((requests, extra, period, key, path, methods) -> {
          ObjectNode l = JSON.objectNode().put("requests", requests).put("burst", requests + extra)
              .put("period", period);
          if (key.equals("header")) {
            l.putObject("key").put("header", "x-user-id");
          } else if (key.equals("remote")) {
            l.putObject("key").putObject("remoteAddress");
          }
          if (!path.equals("none") || !methods.isEmpty()) {
            ObjectNode match = l.putObject("match");
            if (!path.equals("none")) {
              match.putObject("path").put("type", path).put("value", path.equals("RegularExpression") ? "/a/[0-9]+" : "/a");
            }
            methods.forEach(match.putArray("methods")::add);
          }
          return l;
        });
    return Combinators.combine(limit.list().ofMinSize(1).ofMaxSize(4), Arbitraries.of(true, false),
        Arbitraries.of("Enforce", "DryRun"))
        .as((limits, headers, mode) -> {
          ObjectNode spec = spec("RateLimitPolicy");
          ObjectNode s = ((ObjectNode) spec.get("spec")).put("mode", mode).put("responseHeaders", headers);
          for (int i = 0; i < limits.size(); i++) {
            s.withArray("limits").add(limits.get(i).put("name", "limit-" + i));
          }
          return spec;
        });
  }

  private static Arbitrary<ObjectNode> healthCheck() {
    return Combinators.combine(
        Arbitraries.of("http", "tcp", "grpc"), Arbitraries.integers().between(200, 10_000),
        Arbitraries.integers().between(1, 10), Arbitraries.integers().between(1, 10),
        Arbitraries.integers().between(100, 599).list().ofMaxSize(4))
        .as((kind, intervalMs, healthy, unhealthy, statuses) -> {
          ObjectNode spec = spec("HealthCheck");
          ObjectNode s = (ObjectNode) spec.get("spec");
          s.put("interval", intervalMs + "ms").put("timeout", (intervalMs / 2) + "ms")
              .put("healthyThreshold", healthy).put("unhealthyThreshold", unhealthy);
          switch (kind) {
            case "http" -> {
              ObjectNode http = s.putObject("http").put("path", "/health");
              if (!statuses.isEmpty()) {
                statuses.forEach(http.putArray("expectedStatuses")::add);
              }
            }
            case "tcp" -> s.putObject("tcp");
            default -> s.putObject("grpc").put("service", "svc");
          }
          return spec;
        });
  }

  private static Arbitrary<ObjectNode> retryPolicy() {
    return Combinators.combine(
        Arbitraries.integers().between(1, 10),
        Arbitraries.of("ServerError", "GatewayError", "Reset", "ConnectFailure").list()
            .uniqueElements().ofMaxSize(4),
        Arbitraries.integers().between(400, 599).list().uniqueElements().ofMaxSize(3),
        Arbitraries.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH").list().uniqueElements()
            .ofMinSize(1).ofMaxSize(6),
        Arbitraries.of("10ms", "1s", "14s", "30s").injectNull(0.5),
        Arbitraries.of(true, false),
        Arbitraries.integers().between(1, 100).injectNull(0.5))
        .as((attempts, retryOn, statuses, methods, perTry, retryAfter, budget) -> {
          ObjectNode spec = spec("RetryPolicy");
          ObjectNode s = ((ObjectNode) spec.get("spec")).put("maxAttempts", attempts)
              .put("honorRetryAfter", retryAfter);
          List<String> on = retryOn.isEmpty() && statuses.isEmpty() ? List.of("Reset") : retryOn;
          on.forEach(s.putArray("retryOn")::add);
          statuses.forEach(s.putArray("retriableStatuses")::add);
          methods.forEach(s.putArray("methods")::add);
          s.putObject("backoff").put("baseDelay", "10ms").put("maxDelay", "1s");
          if (perTry != null) {
            s.put("perTryTimeout", perTry);
          }
          if (budget != null) {
            s.putObject("budget").put("percent", budget).put("minConcurrency", 0);
          }
          return spec;
        });
  }

  private static Arbitrary<ObjectNode> timeoutPolicy() {
    return Combinators.combine(Arbitraries.of("0s", "1s", "15s", "1m"),
        Arbitraries.of("0s", "10s", "5m"), Arbitraries.of("10ms", "2s"))
        .as((request, idle, connect) -> {
          ObjectNode spec = spec("TimeoutPolicy");
          ((ObjectNode) spec.get("spec")).put("request", request).put("idle", idle)
              .put("connect", connect);
          return spec;
        });
  }

  private static Arbitrary<String> durations() {
    return Arbitraries.of("10ms", "1s", "30s", "1m30s", "5m");
  }

  private static ObjectNode spec(String kind) {
    ObjectNode policy = JSON.objectNode().put("apiVersion", "resilience.breakwater.dev/v1alpha1").put("kind", kind);
    policy.putObject("metadata").put("namespace", "ns");
    ObjectNode target = policy.putObject("spec").putObject("targetRef").put("kind", "Service").put("name", "svc");
    if (kind.hashCode() % 2 == 0) {
      target.put("port", 80);
    }
    return policy;
  }

  private static ObjectNode service() {
    ObjectNode service = JSON.objectNode().put("apiVersion", "v1").put("kind", "Service");
    service.putObject("metadata").put("name", "svc").put("namespace", "ns");
    service.putObject("spec").putArray("ports")
        .add(JSON.objectNode().put("name", "http").put("port", 80))
        .add(JSON.objectNode().put("name", "grpc").put("port", 9000).put("appProtocol", "grpc"));
    return service;
  }
}
