package dev.breakwater.xds.policies.circuitbreaker;

import dev.breakwater.xds.policy.Protos;
import io.envoyproxy.envoy.config.cluster.v3.OutlierDetection;
import java.util.Optional;

/**
 * CircuitBreakerPolicy failure detection -> cluster {@code outlier_detection}. Envoy turns some
 * detectors on by default (consecutive 5xx, success rate); every detector the policy does not
 * name is switched off explicitly, so the policy means exactly what it says. DryRun keeps the
 * detectors but sets every {@code enforcing_*} to 0: Envoy counts ejections it would make.
 */
final class OutlierDetectionTranslator {
  private static final int OFF = 0;

  private OutlierDetectionTranslator() {}

  static Optional<OutlierDetection> outlierDetection(CircuitBreakerSettings spec) {
    if (spec.failureThreshold() == null
        && spec.gatewayFailureThreshold() == null
        && spec.failureRate() == null) {
      return Optional.empty();
    }
    int enforcing = Protos.enforcing(spec.mode());
    OutlierDetection.Builder od = OutlierDetection.newBuilder()
        .setInterval(Protos.duration(spec.monitoringPeriod()))
        .setBaseEjectionTime(Protos.duration(spec.resetTimeout()))
        .setMaxEjectionTime(Protos.duration(spec.maxResetTimeout()))
        .setMaxEjectionPercent(Protos.uint32(spec.maxOpenEndpointsPercent()))
        // "one endpoint may always open": without it, 10 % of fewer than 10 endpoints is none
        .setAlwaysEjectOneHost(com.google.protobuf.BoolValue.of(true))
        // a passing active health check would close the breaker long before resetTimeout
        .setSuccessfulActiveHealthCheckUnejectHost(com.google.protobuf.BoolValue.of(false))
        .setEnforcingSuccessRate(Protos.uint32(OFF));
    if (spec.failureThreshold() != null) {
      od.setConsecutive5Xx(Protos.uint32(spec.failureThreshold()))
          .setEnforcingConsecutive5Xx(Protos.uint32(enforcing));
    } else {
      od.setEnforcingConsecutive5Xx(Protos.uint32(OFF));
    }
    if (spec.gatewayFailureThreshold() != null) {
      od.setConsecutiveGatewayFailure(Protos.uint32(spec.gatewayFailureThreshold()))
          .setEnforcingConsecutiveGatewayFailure(Protos.uint32(enforcing));
    } else {
      od.setEnforcingConsecutiveGatewayFailure(Protos.uint32(OFF));
    }
    if (spec.failureRate() != null) {
      od.setFailurePercentageThreshold(Protos.uint32(spec.failureRate().threshold()))
          .setFailurePercentageRequestVolume(Protos.uint32(spec.failureRate().minimumRequests()))
          .setFailurePercentageMinimumHosts(Protos.uint32(spec.failureRate().minimumEndpoints()))
          .setEnforcingFailurePercentage(Protos.uint32(enforcing));
    } else {
      od.setEnforcingFailurePercentage(Protos.uint32(OFF));
    }
    return Optional.of(od.build());
  }
}
