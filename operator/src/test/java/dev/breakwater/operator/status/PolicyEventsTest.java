package dev.breakwater.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakwater.crds.v1alpha1.CircuitBreakerPolicyStatus;
import dev.breakwater.crds.v1alpha1.PolicyStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyEventsTest {

  @Test
  void aNewAcceptedPolicyIsNotNewsButItsProblemsAre() {
    assertThat(PolicyEvents.changes(null, status("Closed", accepted("True", "Accepted")))).isEmpty();
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

  private static Condition accepted(String status, String reason) {
    return new ConditionBuilder().withType("Accepted").withStatus(status).withReason(reason)
        .withMessage("because").build();
  }

  private static PolicyStatus status(String state, Condition... conditions) {
    CircuitBreakerPolicyStatus s = new CircuitBreakerPolicyStatus();
    s.setState(state);
    s.setConditions(List.of(conditions));
    return s;
  }
}
