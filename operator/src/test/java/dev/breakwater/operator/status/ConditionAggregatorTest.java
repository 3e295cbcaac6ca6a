package dev.breakwater.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakwater.xds.translate.PolicyCondition;
import dev.breakwater.xds.translate.Reasons;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionAggregatorTest {

  private final ConditionAggregator aggregator = new ConditionAggregator();
  private final Instant t0 = Instant.parse("2025-03-01T10:00:00.750Z");
  private final Instant t1 = Instant.parse("2025-03-01T10:05:00Z");

  private static final List<PolicyCondition> ACCEPTED = List.of(
      PolicyCondition.isTrue(PolicyCondition.ACCEPTED, Reasons.ACCEPTED, "applied"),
      PolicyCondition.isTrue(PolicyCondition.RESOLVED_REFS, Reasons.RESOLVED_REFS, "resolved"));
  private static final PolicyCondition PENDING =
      PolicyCondition.isFalse(PolicyCondition.PROGRAMMED, "Pending", "0/1 proxies");
  private static final PolicyCondition PROGRAMMED =
      PolicyCondition.isTrue(PolicyCondition.PROGRAMMED, "Programmed", "1/1 proxies");

  @Test
  void buildsAllThreeTypesStampedWithGenerationAndTime() {
    var conditions = aggregator.aggregate(ACCEPTED, PENDING, 3, null, t0);

    assertThat(conditions).extracting(c -> c.getType())
        .containsExactly("Accepted", "ResolvedRefs", "Programmed");
    assertThat(conditions).allSatisfy(c -> {
      assertThat(c.getObservedGeneration()).isEqualTo(3);
      assertThat(c.getLastTransitionTime()).isEqualTo("2025-03-01T10:00:00Z");
    });
    assertThat(conditions.get(2).getStatus()).isEqualTo("False");
    assertThat(conditions.get(2).getReason()).isEqualTo("Pending");
  }

  @Test
  void keepsLastTransitionTimeWhileTheStatusStaysTheSame() {
    var first = aggregator.aggregate(ACCEPTED, PENDING, 3, null, t0);
    var reworded = PolicyCondition.isFalse(PolicyCondition.PROGRAMMED, "Rejected", "envoy said no");

    var second = aggregator.aggregate(ACCEPTED, reworded, 4, first, t1);

    assertThat(second).allSatisfy(c ->
        assertThat(c.getLastTransitionTime()).isEqualTo("2025-03-01T10:00:00Z"));
    assertThat(second.get(2).getReason()).isEqualTo("Rejected");
    assertThat(second.get(2).getMessage()).isEqualTo("envoy said no");
    assertThat(second).allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(4));
  }

  @Test
  void movesLastTransitionTimeWhenTheStatusChanges() {
    var first = aggregator.aggregate(ACCEPTED, PENDING, 3, null, t0);

    var second = aggregator.aggregate(ACCEPTED, PROGRAMMED, 3, first, t1);

    assertThat(second.get(0).getLastTransitionTime()).isEqualTo("2025-03-01T10:00:00Z");
    assertThat(second.get(2).getStatus()).isEqualTo("True");
    assertThat(second.get(2).getLastTransitionTime()).isEqualTo("2025-03-01T10:05:00Z");
  }

  @Test
  void aTypeTranslationDidNotDecideIsUnknown() {
    var invalid = List.of(PolicyCondition.isFalse(PolicyCondition.ACCEPTED, Reasons.INVALID,
        "spec.limits[0].burst: must be >= requests"));

    var conditions = aggregator.aggregate(invalid, PENDING, 1, null, t0);

    assertThat(conditions.get(0).getReason()).isEqualTo("Invalid");
    assertThat(conditions.get(1).getType()).isEqualTo("ResolvedRefs");
    assertThat(conditions.get(1).getStatus()).isEqualTo("Unknown");
  }

  @Test
  void sameInputsGiveEqualConditionsSoNothingIsRewritten() {
    var first = aggregator.aggregate(ACCEPTED, PROGRAMMED, 2, null, t0);

    var again = aggregator.aggregate(ACCEPTED, PROGRAMMED, 2, first, t1);

    assertThat(again).isEqualTo(first);
  }

  @Test
  void carriesOtherTypesFromTranslationAfterTheThreeAndDropsThemWhenGone() {
    var overridden = PolicyCondition.isTrue("Overridden", "RetryBudget",
        "limits.maxRetries 3 does not apply");
    var withNote = new java.util.ArrayList<>(ACCEPTED);
    withNote.add(overridden);

    var first = aggregator.aggregate(withNote, PROGRAMMED, 2, null, t0);
    var second = aggregator.aggregate(ACCEPTED, PROGRAMMED, 2, first, t1);

    assertThat(first).extracting(c -> c.getType())
        .containsExactly("Accepted", "ResolvedRefs", "Programmed", "Overridden");
    assertThat(first.get(3).getStatus()).isEqualTo("True");
    assertThat(first.get(3).getReason()).isEqualTo("RetryBudget");
    assertThat(first.get(3).getObservedGeneration()).isEqualTo(2);
    assertThat(second).extracting(c -> c.getType())
        .containsExactly("Accepted", "ResolvedRefs", "Programmed");
  }

  @Test
  void aKindsOwnTypesComeAfterTheCommonOnesAndKeepTheirTransitionTime() {
    var failing = PolicyCondition.isFalse("EndpointsHealthy", "SomeFail", "1 of 2 endpoints fail");
    var first = aggregator.aggregate(ACCEPTED, PROGRAMMED, List.of("EndpointsHealthy"),
        List.of(failing), 2, null, t0);
    var moreFailing = PolicyCondition.isFalse("EndpointsHealthy", "AllFail", "2 of 2 endpoints fail");

    var second = aggregator.aggregate(ACCEPTED, PROGRAMMED, List.of("EndpointsHealthy"),
        List.of(moreFailing), 2, first, t1);

    assertThat(second).extracting(c -> c.getType())
        .containsExactly("Accepted", "ResolvedRefs", "Programmed", "EndpointsHealthy");
    assertThat(second.get(3).getReason()).isEqualTo("AllFail");
    assertThat(second.get(3).getLastTransitionTime()).isEqualTo("2025-03-01T10:00:00Z");
  }

  @Test
  void aKindTypeItsKindLeftOutIsUnknown() {
    var conditions = aggregator.aggregate(ACCEPTED, PROGRAMMED, List.of("EndpointsHealthy"),
        List.of(), 2, null, t0);

    assertThat(conditions.get(3).getType()).isEqualTo("EndpointsHealthy");
    assertThat(conditions.get(3).getStatus()).isEqualTo("Unknown");
  }

  @Test
  void kindsWithoutTypesOfTheirOwnKeepTheThreeCommonOnes() {
    assertThat(aggregator.aggregate(ACCEPTED, PROGRAMMED, List.of(), List.of(), 2, null, t0))
        .isEqualTo(aggregator.aggregate(ACCEPTED, PROGRAMMED, 2, null, t0));
  }
}
