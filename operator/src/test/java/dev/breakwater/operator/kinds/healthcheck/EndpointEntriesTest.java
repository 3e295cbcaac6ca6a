package dev.breakwater.operator.kinds.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakwater.crds.v1alpha1.EndpointEntry;
import dev.breakwater.crds.v1alpha1.EndpointFailure;
import dev.breakwater.crds.v1alpha1.EndpointHealthStatus;
import dev.breakwater.operator.status.EndpointCheckResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointEntriesTest {
  private static final String C = "shop/api/80";
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00.400Z");
  private static final Instant T1 = Instant.parse("2025-03-01T10:01:00Z");
  private static final Instant T2 = Instant.parse("2025-03-01T10:02:00Z");

  private static EndpointHealthStatus fill(List<EndpointHealth> endpoints,
      Map<String, EndpointCheckResult> checks, EndpointHealthStatus previous, Instant now) {
    EndpointHealthStatus status = new EndpointHealthStatus(0, 0, endpoints.size());
    EndpointEntries.fill(status, endpoints, checks, java.util.Set.of(), previous, now);
    return status;
  }

  @Test
  void listsUnhealthyEndpointsFirstWithWhatTheOperatorsCheckGot() {
    var status = fill(List.of(
            new EndpointHealth(C, "10.0.0.1:8080", true),
            new EndpointHealth(C, "10.0.0.3:8080", false),
            new EndpointHealth(C, "10.0.0.2:8080", false)),
        Map.of("10.0.0.2:8080", new EndpointCheckResult(false, "404", T0),
            "10.0.0.3:8080", new EndpointCheckResult(false, "connection refused", T0)),
        null, T0);

    assertThat(status.getEntries()).containsExactly(
        new EndpointEntry("10.0.0.2:8080", false, "2025-03-01T10:00:00Z",
            new EndpointFailure("404", "2025-03-01T10:00:00Z")),
        new EndpointEntry("10.0.0.3:8080", false, "2025-03-01T10:00:00Z",
            new EndpointFailure("connection refused", "2025-03-01T10:00:00Z")),
        new EndpointEntry("10.0.0.1:8080", true, "2025-03-01T10:00:00Z", null));
    assertThat(status.getEntriesNotListed()).isZero();
  }

  @Test
  void listsAtMostTwentyAndCountsTheRestLeavingHealthyOnesOutFirst() {
    List<EndpointHealth> endpoints = new ArrayList<>();
    for (int i = 10; i < 35; i++) {
      endpoints.add(new EndpointHealth(C, "10.0.0." + i + ":8080", i % 5 != 0));
    }

    var status = fill(endpoints, Map.of(), null, T0);

    assertThat(status.getEntries()).hasSize(EndpointEntries.MAX);
    assertThat(status.getEntriesNotListed()).isEqualTo(5);
    assertThat(status.getEntries().subList(0, 5)).extracting(EndpointEntry::getHealthy)
        .containsOnly(false);
    assertThat(status.getEntries().subList(5, 20)).extracting(EndpointEntry::getHealthy)
        .containsOnly(true);
  }

  @Test
  void sinceMovesOnlyWhenHealthChangesAndTheLastFailureStaysAfterRecovery() {
    var failing = List.of(new EndpointHealth(C, "10.0.0.2:8080", false));
    var first = fill(failing, Map.of("10.0.0.2:8080", new EndpointCheckResult(false, "503", T0)),
        null, T0);
    var again = fill(failing, Map.of("10.0.0.2:8080", new EndpointCheckResult(false, "503", T0)),
        first, T1);
    assertThat(again).isEqualTo(first);

    var recovered = fill(List.of(new EndpointHealth(C, "10.0.0.2:8080", true)), Map.of(), again,
        T2);

    assertThat(recovered.getEntries()).containsExactly(new EndpointEntry("10.0.0.2:8080", true,
        "2025-03-01T10:02:00Z", new EndpointFailure("503", "2025-03-01T10:00:00Z")));
  }

  @Test
  void aFailureStreakKeepsItsStartAcrossAnOperatorRestartAndANewStreakStartsAnew() {
    var failing = List.of(new EndpointHealth(C, "10.0.0.2:8080", false));
    var written = fill(failing, Map.of("10.0.0.2:8080", new EndpointCheckResult(false, "404", T0)),
        null, T0);
    // a new leader's checker first saw the same result at T1
    var afterRestart = fill(failing,
        Map.of("10.0.0.2:8080", new EndpointCheckResult(false, "404", T1)), written, T1);
    assertThat(afterRestart.getEntries().get(0).getLastFailure().getSince())
        .isEqualTo("2025-03-01T10:00:00Z");

    var otherResult = fill(failing,
        Map.of("10.0.0.2:8080", new EndpointCheckResult(false, "timeout after 1s", T2)),
        afterRestart, T2);
    assertThat(otherResult.getEntries().get(0).getLastFailure())
        .isEqualTo(new EndpointFailure("timeout after 1s", "2025-03-01T10:02:00Z"));
    assertThat(otherResult.getEntries().get(0).getSince()).isEqualTo("2025-03-01T10:00:00Z");
  }

  @Test
  void anAddressBehindTwoServicePortsIsUnhealthyWhenEitherIs() {
    var status = fill(List.of(new EndpointHealth("shop/api/80", "10.0.0.2:8080", true),
        new EndpointHealth("shop/api/81", "10.0.0.2:8080", false)), Map.of(), null, T0);

    assertThat(status.getEntries()).extracting(EndpointEntry::getHealthy).containsExactly(false);
  }

  @Test
  void anEndpointItsEndpointSliceMarksNotReadyIsSaidToBe() {
    EndpointHealthStatus status = new EndpointHealthStatus(0, 1, 1);
    EndpointEntries.fill(status, List.of(new EndpointHealth(C, "10.0.0.4:8080", false)), Map.of(),
        java.util.Set.of("10.0.0.4:8080"), null, T0);

    assertThat(status.getEntries().get(0).getReady()).isFalse();
  }

  @Test
  void noPerEndpointReportMeansNoEntries() {
    var status = fill(List.of(), Map.of(), null, T0);

    assertThat(status.getEntries()).isNull();
    assertThat(status.getEntriesNotListed()).isNull();
  }
}
