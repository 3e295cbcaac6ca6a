package dev.breakwater.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakwater.crds.v1alpha1.CircuitBreakerPolicyStatus;
import dev.breakwater.crds.v1alpha1.PolicyStatus;
import dev.breakwater.crds.v1alpha1.ProxyStatus;
import dev.breakwater.operator.xds.ProgrammedEvaluator.Programmed;
import dev.breakwater.xds.translate.PolicyCondition;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconnectGraceTest {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Programmed NO_PROXIES = new Programmed(0, 0,
      PolicyCondition.isFalse(PolicyCondition.PROGRAMMED, "NoProxies", "none"));

  private final ReconnectGrace grace = new ReconnectGrace();

  private static PolicyStatus programmedTrue(long generation) {
    PolicyStatus status = new CircuitBreakerPolicyStatus();
    Condition c = new Condition();
    c.setType(PolicyCondition.PROGRAMMED);
    c.setStatus("True");
    c.setReason("Programmed");
    c.setMessage("2/2 proxies run this policy");
    c.setObservedGeneration(generation);
    status.setConditions(List.of(c));
    status.setProxies(new ProxyStatus(2, 2));
    return status;
  }

  @Test
  void whileProxiesReconnectAProgrammedPolicyStaysProgrammed() {
    grace.begin(START);

    Programmed kept = grace.apply(NO_PROXIES, programmedTrue(3), 3, START.plusSeconds(2));

    assertThat(kept.condition().status()).isEqualTo(PolicyCondition.Status.True);
    assertThat(kept.programmed()).isEqualTo(2);
    assertThat(kept.total()).isEqualTo(2);
  }

  @Test
  void afterTheWindowOrForAnotherGenerationWhatTheProxiesSayWins() {
    grace.begin(START);

    assertThat(grace.apply(NO_PROXIES, programmedTrue(3), 3,
        START.plus(ReconnectGrace.WINDOW))).isSameAs(NO_PROXIES);
    assertThat(grace.apply(NO_PROXIES, programmedTrue(2), 3, START.plusSeconds(1)))
        .isSameAs(NO_PROXIES);
    assertThat(grace.apply(NO_PROXIES, null, 3, START.plusSeconds(1))).isSameAs(NO_PROXIES);
  }

  @Test
  void withoutABeginningThereIsNoGrace() {
    assertThat(grace.apply(NO_PROXIES, programmedTrue(3), 3, START)).isSameAs(NO_PROXIES);
  }
}
