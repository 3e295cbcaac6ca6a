package dev.breakwater.operator.kinds.healthcheck;

import dev.breakwater.operator.status.EndpointCheckResult;
import dev.breakwater.xds.policies.healthcheck.HealthCheckSettings;
import dev.breakwater.xds.translate.PolicyCondition;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The {@code EndpointsHealthy} condition: which check, how many endpoints fail it, what the
 * operator's own check of them got (Envoy reports no reason) and whether they get traffic, e.g.
 * {@code 2 of 3 endpoints fail GET /health (operator's own check: 404); Envoy sends them no
 * traffic}. The counts are Envoy's; the traffic clause follows Envoy's {@code lb_healthy_panic}.
 */
final class EndpointsCondition {
  static final String TYPE = "EndpointsHealthy";
  static final String ALL_PASS = "AllPass";
  static final String SOME_FAIL = "SomeFail";
  static final String ALL_FAIL = "AllFail";
  static final String NOT_READY = "NotReady";
  static final String NO_ENDPOINTS_REPORTED = "NoEndpointsReported";
  static final String NOT_ACCEPTED = "NotAccepted";

  private EndpointsCondition() {}

  /**
   * @param spec null when the policy was not accepted
   * @param live null while no proxy reports the policy
   * @param checks the operator's own check results, by address
   */
  static PolicyCondition of(HealthCheckSettings spec, HealthLiveState live,
      Map<String, EndpointCheckResult> checks) {
    return of(spec, live, checks, Set.of());
  }

  /**
   * @param notReady failing endpoints their EndpointSlice marks not ready: not said to fail the
   *     check (Envoy takes them out whatever it says)
   */
  static PolicyCondition of(HealthCheckSettings spec, HealthLiveState live,
      Map<String, EndpointCheckResult> checks, Set<String> notReady) {
    if (spec == null) {
      return new PolicyCondition(TYPE, PolicyCondition.Status.Unknown, NOT_ACCEPTED,
          "not evaluated: the policy was not accepted");
    }
    if (live == null || live.total() == 0) {
      return new PolicyCondition(TYPE, PolicyCondition.Status.Unknown, NO_ENDPOINTS_REPORTED,
          "no proxy reports endpoints of the target yet (none connected or programmed, or the "
              + "Service has no endpoints)");
    }
    String check = describe(spec);
    if (live.unhealthy() == 0) {
      return PolicyCondition.isTrue(TYPE, ALL_PASS,
          live.total() + " of " + live.total() + " endpoints pass " + check);
    }
    Set<String> unready = live.endpoints().stream()
        .filter(e -> !e.healthy() && notReady.contains(e.address()))
        .map(EndpointHealth::address)
        .collect(Collectors.toSet());
    List<EndpointCheckResult> ofFailing = live.endpoints().stream()
        .filter(e -> !e.healthy() && !unready.contains(e.address()))
        .map(e -> checks.get(e.address()))
        .filter(java.util.Objects::nonNull)
        .toList();
    int failing = live.unhealthy() - unready.size();
    String message;
    if (failing > 0) {
      message = failing + " of " + live.total() + " endpoints fail " + check
          + results(ofFailing, failing)
          + (unready.isEmpty() ? "" : "; " + unready.size() + " more not ready in Kubernetes");
    } else {
      message = unready.size() + " of " + live.total() + " endpoints are not ready in Kubernetes"
          + " (EndpointSlice)";
    }
    message += "; " + traffic(live);
    String reason = failing == 0 ? NOT_READY
        : live.unhealthy() == live.total() ? ALL_FAIL : SOME_FAIL;
    return PolicyCondition.isFalse(TYPE, reason, message);
  }

  /** GET /health, the TCP connect check, the gRPC health check (of service 'x'). */
  static String describe(HealthCheckSettings spec) {
    if (spec.http() != null) {
      return "GET " + spec.http().path();
    }
    if (spec.grpc() != null) {
      return spec.grpc().service().isEmpty() ? "the gRPC health check"
          : "the gRPC health check of service '" + spec.grpc().service() + "'";
    }
    return "the TCP connect check";
  }

  /** " (operator's own check: 404)" when every failing endpoint got the same, else with counts. */
  static String results(List<EndpointCheckResult> ofFailing, int failing) {
    if (ofFailing.isEmpty()) {
      return "";
    }
    Map<String, Long> byResult = ofFailing.stream().collect(Collectors.groupingBy(
        r -> r.passed() ? "passing now" : r.result(), TreeMap::new, Collectors.counting()));
    if (byResult.size() == 1 && ofFailing.size() == failing) {
      return " (operator's own check: " + byResult.keySet().iterator().next() + ")";
    }
    return " (operator's own check: " + byResult.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
        .map(e -> e.getKey() + " ×" + e.getValue())
        .collect(Collectors.joining(", ")) + ")";
  }

  private static String traffic(HealthLiveState live) {
    if (live.panicRouting()) {
      return "too few pass: Envoy's panic routing sends traffic to every endpoint, failing ones "
          + "included (spec.panicThreshold)";
    }
    if (live.unhealthy() == live.total()) {
      return "Envoy sends them no traffic: callers get 503 at once (or a breaker's fallback)";
    }
    return "Envoy sends them no traffic";
  }
}
