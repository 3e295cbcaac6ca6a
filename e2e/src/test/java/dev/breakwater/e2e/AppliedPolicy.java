package dev.breakwater.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.function.Predicate;

/** One Breakwater policy on the API server, read fresh on every call (status changes live). */
public final class AppliedPolicy {
  public static final String CIRCUIT_BREAKER = "CircuitBreakerPolicy";
  public static final String RATE_LIMIT = "RateLimitPolicy";
  public static final String HEALTH_CHECK = "HealthCheck";
  public static final String RETRY = "RetryPolicy";
  public static final String TIMEOUT = "TimeoutPolicy";

  private final KubernetesClient client;
  private final String namespace;
  private final String kind;
  private final String name;

  public AppliedPolicy(KubernetesClient client, String namespace, String kind, String name) {
    this.client = client;
    this.namespace = namespace;
    this.kind = kind;
    this.name = name;
  }

  /** The whole object, or a MissingNode when it does not exist. */
  public JsonNode json() {
    JsonNode node = Kube.policy(client, namespace, kind, name);
    return node == null ? MissingNode.getInstance() : node;
  }

  /** A field by JSON pointer, e.g. {@code /status/proxies/summary}. */
  public JsonNode at(String pointer) {
    return json().at(pointer);
  }

  public long generation() {
    return at("/metadata/generation").asLong();
  }

  /** The condition of that type (MissingNode when absent). */
  public JsonNode condition(String type) {
    return condition(json(), type);
  }

  /** The condition of that type in a policy read before (MissingNode when absent). */
  public static JsonNode conditionOf(JsonNode policy, String type) {
    return condition(policy, type);
  }

  static JsonNode condition(JsonNode policy, String type) {
    for (JsonNode c : policy.at("/status/conditions")) {
      if (type.equals(c.path("type").asText())) {
        return c;
      }
    }
    return MissingNode.getInstance();
  }

  /** True when the condition has this status and reason for the current generation. */
  public boolean has(String type, String status, String reason) {
    JsonNode policy = json();
    JsonNode c = condition(policy, type);
    long generation = policy.at("/metadata/generation").asLong();
    return status.equals(c.path("status").asText())
        && (reason == null || reason.equals(c.path("reason").asText()))
        && c.path("observedGeneration").asLong() == generation;
  }

  /** Waits until the policy satisfies {@code check}; the failure message shows its status. */
  public JsonNode awaitUntil(String what, Duration atMost, Predicate<JsonNode> check) {
    JsonNode[] last = {MissingNode.getInstance()};
    try {
      await(kind + " " + name + ": " + what).atMost(atMost).pollInterval(Duration.ofMillis(200))
          .until(() -> check.test(last[0] = json()));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(e.getMessage() + "; last status: " + last[0].path("status"), e);
    }
    return last[0];
  }

  public JsonNode awaitCondition(String type, String status, String reason) {
    return awaitUntil(type + "=" + status + (reason == null ? "" : " reason=" + reason),
        Duration.ofSeconds(30), p -> {
          JsonNode c = condition(p, type);
          return status.equals(c.path("status").asText())
              && (reason == null || reason.equals(c.path("reason").asText()))
              && c.path("observedGeneration").asLong() == p.at("/metadata/generation").asLong();
        });
  }

  /** Programmed=True and {@code proxies.summary} = "1/1": the one Envoy ACKed this policy. */
  public JsonNode awaitProgrammed() {
    return awaitUntil("Programmed=True, proxies 1/1", Duration.ofSeconds(30), p ->
        "True".equals(condition(p, "Programmed").path("status").asText())
            && condition(p, "Programmed").path("observedGeneration").asLong()
                == p.at("/metadata/generation").asLong()
            && "1/1".equals(p.at("/status/proxies/summary").asText()));
  }

  public void delete() {
    Kube.deletePolicy(client, namespace, kind, name);
  }

  public String name() {
    return name;
  }
}
