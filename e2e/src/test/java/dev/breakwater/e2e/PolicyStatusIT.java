package dev.breakwater.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * API tier with the operator (no Envoy): conditions with observedGeneration, conflicts (the
 * older policy wins), missing targets, and a Service that goes away and comes back.
 */
class PolicyStatusIT {
  @RegisterExtension
  static final Breakwater BW = Breakwater.withoutEnvoy("status");

  static Stream<Arguments> kinds() {
    return Stream.of(
        Arguments.of(AppliedPolicy.CIRCUIT_BREAKER, "failureThreshold: 5", "failureThreshold: 7"),
        Arguments.of(AppliedPolicy.RATE_LIMIT,
            "limits: [{name: all, requests: 10, period: 1s}]",
            "limits: [{name: all, requests: 20, period: 1s}]"),
        Arguments.of(AppliedPolicy.HEALTH_CHECK,
            "http: {path: /health}\ninterval: 10s\ntimeout: 2s",
            "http: {path: /health}\ninterval: 5s\ntimeout: 2s"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void conditionsFollowTheGeneration(String kind, String spec, String changedSpec) {
    String service = "gen-" + kind.toLowerCase();
    Kube.createService(BW.client(), BW.namespace(), service, 80);
    BW.apply(Manifests.policy(kind, "p", service, 80, spec));
    AppliedPolicy policy = BW.policy(kind, "p");

    JsonNode first = policy.awaitCondition("Accepted", "True", "Accepted");
    assertThat(first.at("/metadata/generation").asLong()).isEqualTo(1);
    policy.awaitCondition("ResolvedRefs", "True", "ResolvedRefs");
    assertThat(policy.at("/status/observedGeneration").asLong()).isEqualTo(1);

    BW.apply(Manifests.policy(kind, "p", service, 80, changedSpec));
    JsonNode second = policy.awaitCondition("Accepted", "True", "Accepted");
    assertThat(second.at("/metadata/generation").asLong()).isEqualTo(2);
    policy.awaitUntil("status.observedGeneration 2", Duration.ofSeconds(30),
        p -> p.at("/status/observedGeneration").asLong() == 2);
    assertThat(AppliedPolicy.condition(policy.json(), "ResolvedRefs").path("observedGeneration").asLong())
        .isEqualTo(2);
    assertThat(AppliedPolicy.condition(second, "Accepted").path("lastTransitionTime").asText())
        .as("Accepted stayed True, so its transition time is the first one")
        .isEqualTo(AppliedPolicy.condition(first, "Accepted").path("lastTransitionTime").asText());
  }

  @Test
  void olderPolicyWinsAConflict() {
    Kube.createService(BW.client(), BW.namespace(), "contested", 8080);
    BW.apply(Manifests.circuitBreaker("older", "contested", 8080, "failureThreshold: 5"));
    AppliedPolicy older = BW.policy(AppliedPolicy.CIRCUIT_BREAKER, "older");
    older.awaitCondition("Accepted", "True", "Accepted");

    // Creation timestamps have one-second resolution and a tie goes to the name ("newer" <
    // "older"), so the second policy is created in a later second than the first.
    String olderCreated = older.at("/metadata/creationTimestamp").asText();
    await("a later second than " + olderCreated).atMost(Duration.ofSeconds(3))
        .until(() -> Instant.now().truncatedTo(ChronoUnit.SECONDS)
            .isAfter(Instant.parse(olderCreated)));
    BW.apply(Manifests.circuitBreaker("newer", "contested", 8080, "failureThreshold: 3"));
    AppliedPolicy newer = BW.policy(AppliedPolicy.CIRCUIT_BREAKER, "newer");

    newer.awaitCondition("Accepted", "False", "Conflicted");
    assertThat(older.has("Accepted", "True", "Accepted")).isTrue();
    // kubectl describe tells the same story: a Warning Event on the newer policy.
    await("Conflicted event").atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(BW.client().v1().events().inNamespace(BW.namespace()).list().getItems())
            .anySatisfy(e -> {
              assertThat(e.getInvolvedObject().getName()).isEqualTo("newer");
              assertThat(e.getInvolvedObject().getKind()).isEqualTo("CircuitBreakerPolicy");
              assertThat(e.getInvolvedObject().getUid()).isNotBlank();
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getReason()).isEqualTo("Conflicted");
            }));

    older.delete();
    newer.awaitCondition("Accepted", "True", "Accepted");
  }

  @Test
  void missingTargetIsReportedUntilTheServiceExists() {
    BW.apply(Manifests.rateLimit("orphan", "ghost", 80,
        "limits: [{name: all, requests: 10, period: 1s}]"));
    AppliedPolicy orphan = BW.policy(AppliedPolicy.RATE_LIMIT, "orphan");
    orphan.awaitCondition("ResolvedRefs", "False", "TargetNotFound");

    Kube.createService(BW.client(), BW.namespace(), "ghost", 80);
    orphan.awaitCondition("ResolvedRefs", "True", "ResolvedRefs");
  }

  @Test
  void deletingAServiceFlipsResolvedRefsAndBack() {
    Kube.createService(BW.client(), BW.namespace(), "flaky", 80);
    BW.apply(Manifests.circuitBreaker("flaky-cb", "flaky", 80, "failureThreshold: 5"));
    BW.apply(Manifests.healthCheck("flaky-hc", "flaky", 80,
        "http: {path: /health}\ninterval: 10s\ntimeout: 2s"));
    AppliedPolicy cb = BW.policy(AppliedPolicy.CIRCUIT_BREAKER, "flaky-cb");
    AppliedPolicy hc = BW.policy(AppliedPolicy.HEALTH_CHECK, "flaky-hc");
    cb.awaitCondition("ResolvedRefs", "True", "ResolvedRefs");
    hc.awaitCondition("ResolvedRefs", "True", "ResolvedRefs");

    Kube.deleteService(BW.client(), BW.namespace(), "flaky");
    cb.awaitCondition("ResolvedRefs", "False", "TargetNotFound");
    hc.awaitCondition("ResolvedRefs", "False", "TargetNotFound");

    Kube.createService(BW.client(), BW.namespace(), "flaky", 80);
    cb.awaitCondition("ResolvedRefs", "True", "ResolvedRefs");
    hc.awaitCondition("ResolvedRefs", "True", "ResolvedRefs");
  }

  @Test
  void portMissingOnTheServiceIsReported() {
    Kube.createService(BW.client(), BW.namespace(), "oneport", 80);
    BW.apply(Manifests.circuitBreaker("wrong-port", "oneport", 9999, "failureThreshold: 5"));
    BW.policy(AppliedPolicy.CIRCUIT_BREAKER, "wrong-port")
        .awaitCondition("ResolvedRefs", "False", "PortNotFound");
  }
}
