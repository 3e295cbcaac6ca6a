package dev.breakwater.operator.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breakwater.operator.state.ClusterStateStore;
import dev.breakwater.operator.state.PolicyEntry;
import dev.breakwater.operator.state.PolicyKey;
import dev.breakwater.xds.model.ClusterState;
import dev.breakwater.xds.policies.circuitbreaker.CircuitBreakerSettings;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.policies.ratelimit.RateLimitPolicyKind;
import dev.breakwater.xds.policies.circuitbreaker.CircuitBreakerPolicyKind;
import dev.breakwater.xds.model.PolicyMeta;
import dev.breakwater.xds.model.PolicyTarget;
import dev.breakwater.xds.translate.PolicyCondition;
import dev.breakwater.xds.translate.PolicyResult;
import dev.breakwater.xds.Translation;
import dev.breakwater.xds.envoy.XdsResources;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class IsolatingTranslatorTest {

  static Policy breaker(String name) {
    return new Policy(new PolicyMeta(CircuitBreakerPolicyKind.NAME, "shop", name, 1, null),
        PolicyTarget.service("api", 80), new CircuitBreakerSettings(null, 5, null, null, null, null,
            null, 10, null, null, CircuitBreakerSettings.Limits.NONE));
  }

  /** Accepts every policy, but throws whenever the "poison" policy is part of the input. */
  static final Function<ClusterState, Translation> POISONED = state -> {
    if (state.policies().stream().anyMatch(p -> p.meta().name().equals("poison"))) {
      throw new IllegalStateException("cannot translate poison");
    }
    return new Translation(XdsResources.EMPTY, state.policies().stream()
        .map(p -> new PolicyResult(p.meta(),
            List.of(PolicyCondition.isTrue(PolicyCondition.ACCEPTED, "Accepted", "ok")),
            List.of("shop/api/80")))
        .toList());
  };

  @Test
  void aPolicyWhoseTranslationThrowsIsInvalidAndTheOthersAreServed() {
    ClusterStateStore store = new ClusterStateStore();
    store.putPolicy(PolicyEntry.valid(breaker("good")));
    store.putPolicy(PolicyEntry.valid(breaker("poison")));

    TranslationOutcome out = new IsolatingTranslator(POISONED).translate(store.view());

    assertThat(out.policies()).extracting(p -> p.key().name()).containsExactly("good", "poison");
    assertThat(out.policies().get(0).accepted()).isTrue();
    TranslatedPolicy poison = out.policies().get(1);
    assertThat(poison.accepted()).isFalse();
    assertThat(poison.conditions().get(0).reason()).isEqualTo("Invalid");
    assertThat(poison.conditions().get(0).message()).contains("cannot translate poison");
    assertThat(poison.clusters()).isEmpty();
  }

  @Test
  void objectsTheReaderRejectedAreInvalidWithTheReadersMessage() {
    ClusterStateStore store = new ClusterStateStore();
    PolicyKey key = new PolicyKey(RateLimitPolicyKind.NAME, "shop", "bad");
    store.putPolicy(PolicyEntry.invalid(key, 4, "spec.limits[0].burst: must be >= requests"));

    TranslationOutcome out = new IsolatingTranslator(POISONED).translate(store.view());

    TranslatedPolicy bad = out.policies().get(0);
    assertThat(bad.generation()).isEqualTo(4);
    assertThat(bad.conditions()).containsExactly(PolicyCondition.isFalse(PolicyCondition.ACCEPTED,
        "Invalid", "spec.limits[0].burst: must be >= requests"));
  }

  @Test
  void whenEvenTheRestFailsTheErrorReachesThePublisher() {
    ClusterStateStore store = new ClusterStateStore();
    store.putPolicy(PolicyEntry.valid(breaker("good")));

    IsolatingTranslator broken = new IsolatingTranslator(s -> {
      throw new IllegalStateException("translator down");
    });

    assertThatThrownBy(() -> broken.translate(store.view()))
        .hasMessageContaining("translator down");
  }
}
