package dev.breakwater.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A tenant in another namespace names its Service like ours and puts a policy on it: the bare
 * host name stays with the older claim, so our callers keep reaching our Service, and the
 * newcomer's policy says where the name went.
 */
class TenantHostNamesIT {

  /** The newcomer's namespace, watched too (the harness watches only its own otherwise). */
  private static final String OTHER =
      "newcomer-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);

  @RegisterExtension
  static final Breakwater BW = new Breakwater("tenant").configured(c -> {
    java.util.Set<String> watched = new java.util.HashSet<>(c.namespaces());
    watched.add(OTHER);
    return c.withNamespaces(watched);
  });

  @Test
  void aNewerTenantCannotTakeTheBareHostName() {
    Upstream ours = BW.upstream("ours");
    BW.backend("payments", 80, ours);
    BW.apply(Manifests.circuitBreaker("guard", "payments", 80, "limits: {maxRequests: 100}"));
    BW.policy(AppliedPolicy.CIRCUIT_BREAKER, "guard").awaitProgrammed();

    String other = OTHER;
    BW.client().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
        .withNewMetadata().withName(other).endMetadata().build()).create();
    Upstream theirs = BW.upstream("theirs");
    Kube.createBackend(BW.client(), other, "payments", 80, java.util.List.of(theirs));
    Kube.apply(BW.client(), other,
        Manifests.circuitBreaker("taker", "payments", 80, "limits: {maxRequests: 100}"));
    AppliedPolicy taker = new AppliedPolicy(BW.client(), other, AppliedPolicy.CIRCUIT_BREAKER,
        "taker");
    JsonNode conflict = AppliedPolicy.conditionOf(
        taker.awaitCondition("HostNameConflict", "True", "OlderClaim"), "HostNameConflict");
    taker.awaitProgrammed();
    ours.resetCounters();
    theirs.resetCounters();

    try (HttpConnection c = new HttpConnection(BW.listenerPort())) {
      for (int i = 0; i < 20; i++) {
        assertThat(c.get("payments", "/", Map.of()).status()).isEqualTo(200);
      }
      assertThat(c.get("payments." + other, "/", Map.of()).status()).isEqualTo(200);
    }
    assertThat(ours.requests()).as("requests to the bare name reach the older claim")
        .isEqualTo(20);
    assertThat(theirs.requests()).as("the newcomer is reached by its qualified name only")
        .isEqualTo(1);
    assertThat(conflict.path("message").asText())
        .contains("Service " + BW.namespace() + "/payments").contains("payments." + other);
    assertThat(BW.policy(AppliedPolicy.CIRCUIT_BREAKER, "guard").condition("HostNameConflict")
        .isMissingNode()).as("the older claim keeps a clean status").isTrue();
  }
}
