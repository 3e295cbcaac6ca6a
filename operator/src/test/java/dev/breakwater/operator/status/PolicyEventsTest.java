package dev.breakwater.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakwater.crds.v1alpha1.CircuitBreakerPolicyStatus;
import dev.breakwater.crds.v1alpha1.PolicyStatus;
import dev.breakwater.operator.TestClock;
import dev.breakwater.operator.state.PolicyKey;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyEventsTest {

  private static final PolicyKey KEY = new PolicyKey("CircuitBreakerPolicy", "shop", "payments");

  private final TestClock clock = new TestClock("2025-03-01T10:00:00Z");
  private final List<PolicyEvents.Change> written = new ArrayList<>();
  private final PolicyEvents events =
      new PolicyEvents((key, uid, change) -> written.add(change), clock);

  @Test
  void aNewAcceptedPolicyIsNotNewsButItsProblemsAre() {
    assertThat(PolicyEvents.changes(null, status("Closed", accepted("True", "Accepted"))))
        .isEmpty();
    assertThat(PolicyEvents.changes(null, status(null, accepted("False", "Conflicted"))))
        .containsExactly(new PolicyEvents.Change("Warning", "Conflicted",
            "Accepted=False: because"));
  }

  @Test
  void onlyTransitionsAreRecorded() {
    PolicyStatus closed = status("Closed", accepted("True", "Accepted"));
    PolicyStatus open = status("Open", accepted("True", "Accepted"));
    assertThat(PolicyEvents.changes(closed, closed)).isEmpty();
    assertThat(PolicyEvents.changes(closed, open))
        .containsExactly(new PolicyEvents.Change("Warning", "StateOpen", "state Closed -> Open"));
    assertThat(PolicyEvents.changes(open, closed))
        .containsExactly(new PolicyEvents.Change("Normal", "StateClosed", "state Open -> Closed"));
  }

  @Test
  void aConditionRecoveringIsNormal() {
    PolicyStatus rejected = status("Closed", accepted("False", "PortNotFound"));
    PolicyStatus fixed = status("Closed", accepted("True", "Accepted"));
    assertThat(PolicyEvents.changes(rejected, fixed))
        .containsExactly(new PolicyEvents.Change("Normal", "Accepted", "Accepted=True: because"));
  }

  @Test
  void pendingThatLastsIsOneNormalEventAfterThirtySeconds() {
    PolicyStatus programmed = status(null, programmed("True", "Programmed"));
    events.record(KEY, "uid", null, programmed);
    events.record(KEY, "uid", programmed, status(null, programmed("False", "Pending")));
    clock.advance(Duration.ofSeconds(29));
    events.flush();
    assertThat(written).isEmpty();

    clock.advance(Duration.ofSeconds(2));
    events.flush();
    events.flush();
    assertThat(written).containsExactly(new PolicyEvents.Change("Normal", "Pending",
        "Programmed=False: why"));
  }

  @Test
  void proxiesComingAndGoingWithinThirtySecondsWriteNothing() {
    PolicyStatus programmed = status(null, programmed("True", "Programmed"));
    events.record(KEY, "uid", null, status(null, programmed("False", "Pending")));
    for (int i = 0; i < 10; i++) {
      clock.advance(Duration.ofSeconds(2));
      events.record(KEY, "uid", null, programmed);
      clock.advance(Duration.ofSeconds(2));
      events.record(KEY, "uid", null, status(null, programmed("False", "NoProxies")));
      events.flush();
      clock.advance(Duration.ofSeconds(2));
      events.record(KEY, "uid", null, programmed);
      events.flush();
    }
    clock.advance(Duration.ofMinutes(5));
    events.flush();
    assertThat(written).isEmpty();
  }

  @Test
  void noProxiesThatLastsThenARecoveryAreTwoNormalEvents() {
    PolicyStatus programmed = status(null, programmed("True", "Programmed"));
    events.record(KEY, "uid", programmed, status(null, programmed("False", "NoProxies")));
    clock.advance(Duration.ofSeconds(45));
    events.flush();
    events.record(KEY, "uid", null, programmed);

    assertThat(written).extracting(PolicyEvents.Change::type, PolicyEvents.Change::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Normal", "NoProxies"),
            org.assertj.core.groups.Tuple.tuple("Normal", "Programmed"));
  }

  @Test
  void aRejectionIsAWarningAtOnce() {
    PolicyStatus programmed = status(null, programmed("True", "Programmed"));
    events.record(KEY, "uid", programmed, status(null, programmed("False", "Rejected")));
    assertThat(written).containsExactly(new PolicyEvents.Change("Warning", "Rejected",
        "Programmed=False: why"));
  }

  @Test
  void theStatusOnTheObjectIsTheBaselineSoARestartRepeatsNothing() {
    PolicyStatus open = status("Open", accepted("False", "Conflicted"));
    events.record(KEY, "uid", open, open);
    clock.advance(Duration.ofMinutes(1));
    events.flush();
    assertThat(written).isEmpty();
  }

  @Test
  void aForgottenPolicyHasNoHeldEventLeft() {
    events.record(KEY, "uid", status(null, programmed("True", "Programmed")),
        status(null, programmed("False", "NoProxies")));
    events.retainOnly(java.util.Set.of());
    clock.advance(Duration.ofMinutes(1));
    events.flush();
    assertThat(written).isEmpty();
  }

  private static Condition accepted(String status, String reason) {
    return new ConditionBuilder().withType("Accepted").withStatus(status).withReason(reason)
        .withMessage("because").build();
  }

  private static Condition programmed(String status, String reason) {
    return new ConditionBuilder().withType("Programmed").withStatus(status).withReason(reason)
        .withMessage("why").build();
  }

  private static PolicyStatus status(String state, Condition... conditions) {
    CircuitBreakerPolicyStatus s = new CircuitBreakerPolicyStatus();
    s.setState(state);
    s.setConditions(List.of(conditions));
    return s;
  }
}
