package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** Outlier detection (per-endpoint breakers) and connection limits for one Service. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.failureThreshold) || has(self.gatewayFailureThreshold)"
        + " || has(self.failureRate) || has(self.limits)",
    message = "spec must set at least one of failureThreshold, gatewayFailureThreshold,"
        + " failureRate, limits")
@ValidationRule(
    value = DurationRules.MAX_RESET_NOT_BELOW_RESET,
    fieldPath = ".maxResetTimeout",
    message = "maxResetTimeout must be greater than or equal to resetTimeout")
public class CircuitBreakerPolicySpec {

  @JsonPropertyDescription("The Service (and optionally one of its ports) whose endpoints get breakers.")
  @Required
  private TargetRef targetRef;

  @JsonPropertyDescription(
      "Enforce opens failing endpoints; DryRun only detects and reports endpoints that would "
          + "open (status.breaker.wouldOpenEndpoints), never ejecting any.")
  @Default("Enforce")
  private Mode mode;

  @JsonPropertyDescription("Consecutive 5xx responses after which an endpoint opens.")
  @Min(1)
  @Max(Bounds.MAX_THRESHOLD)
  private Integer failureThreshold;

  @JsonPropertyDescription(
      "Consecutive gateway failures (502, 503, 504, connection errors) after which an endpoint "
          + "opens.")
  @Min(1)
  @Max(Bounds.MAX_THRESHOLD)
  private Integer gatewayFailureThreshold;

  @JsonPropertyDescription("Open endpoints whose share of 5xx responses reaches a percentage.")
  private FailureRate failureRate;

  @JsonPropertyDescription(
      "How often endpoints are evaluated (failure rates are counted per period), e.g. 10s.")
  @Default("10s")
  @Pattern(DurationRules.PATTERN)
  @Size(max = DurationRules.MAX_LENGTH)
  @ValidationRule(value = DurationRules.AT_LEAST_10MS, message = "monitoringPeriod must be at least 10ms")
  private String monitoringPeriod;

  @JsonPropertyDescription(
      "How long an opened endpoint stays open the first time; each repeated opening multiplies it.")
  @Default("30s")
  @Pattern(DurationRules.PATTERN)
  @Size(max = DurationRules.MAX_LENGTH)
  @ValidationRule(value = DurationRules.AT_LEAST_10MS, message = "resetTimeout must be at least 10ms")
  private String resetTimeout;

  @JsonPropertyDescription("Upper bound of how long an endpoint stays open after repeated openings.")
  @Default("300s")
  @Pattern(DurationRules.PATTERN)
  @Size(max = DurationRules.MAX_LENGTH)
  @ValidationRule(value = DurationRules.AT_LEAST_10MS, message = "maxResetTimeout must be at least 10ms")
  private String maxResetTimeout;

  @JsonPropertyDescription(
      "Highest percentage (0-100) of the target's endpoints that may be open at once; one "
          + "endpoint may always open. The default, 100, lets the whole breaker open when the "
          + "whole dependency fails: callers then fail fast (or get the fallback).")
  @Default("100")
  @Min(0)
  @Max(100)
  private Integer maxOpenEndpointsPercent;

  @JsonPropertyDescription(
      "Fail open instead of fast: when fewer than this percentage of endpoints are closed, send "
          + "traffic to every endpoint, open ones included (Envoy's panic routing). Unset: never; "
          + "with every endpoint open, callers get 503 at once without the dependency seeing a "
          + "request.")
  @Min(1)
  @Max(100)
  private Integer panicThreshold;

  @JsonPropertyDescription(
      "Where callers go while no endpoint of the target is closed: a Service, or a fixed answer. "
          + "Unset: a 503 at once, with x-breakwater-breaker: open; policy=<namespace>/<name>.")
  private BreakerFallback fallback;

  @JsonPropertyDescription(
      "Caps on connections, queued requests, requests in flight and retries to the target.")
  private ConnectionLimits limits;

  public TargetRef getTargetRef() {
    return targetRef;
  }

  public void setTargetRef(TargetRef targetRef) {
    this.targetRef = targetRef;
  }

  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }

  public Integer getFailureThreshold() {
    return failureThreshold;
  }

  public void setFailureThreshold(Integer failureThreshold) {
    this.failureThreshold = failureThreshold;
  }

  public Integer getGatewayFailureThreshold() {
    return gatewayFailureThreshold;
  }

  public void setGatewayFailureThreshold(Integer gatewayFailureThreshold) {
    this.gatewayFailureThreshold = gatewayFailureThreshold;
  }

  public FailureRate getFailureRate() {
    return failureRate;
  }

  public void setFailureRate(FailureRate failureRate) {
    this.failureRate = failureRate;
  }

  public String getMonitoringPeriod() {
    return monitoringPeriod;
  }

  public void setMonitoringPeriod(String monitoringPeriod) {
    this.monitoringPeriod = monitoringPeriod;
  }

  public String getResetTimeout() {
    return resetTimeout;
  }

  public void setResetTimeout(String resetTimeout) {
    this.resetTimeout = resetTimeout;
  }

  public String getMaxResetTimeout() {
    return maxResetTimeout;
  }

  public void setMaxResetTimeout(String maxResetTimeout) {
    this.maxResetTimeout = maxResetTimeout;
  }

  public Integer getMaxOpenEndpointsPercent() {
    return maxOpenEndpointsPercent;
  }

  public void setMaxOpenEndpointsPercent(Integer maxOpenEndpointsPercent) {
    this.maxOpenEndpointsPercent = maxOpenEndpointsPercent;
  }

  public Integer getPanicThreshold() {
    return panicThreshold;
  }

  public void setPanicThreshold(Integer panicThreshold) {
    this.panicThreshold = panicThreshold;
  }

  public BreakerFallback getFallback() {
    return fallback;
  }

  public void setFallback(BreakerFallback fallback) {
    this.fallback = fallback;
  }

  public ConnectionLimits getLimits() {
    return limits;
  }

  public void setLimits(ConnectionLimits limits) {
    this.limits = limits;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CircuitBreakerPolicySpec s
        && Objects.equals(targetRef, s.targetRef)
        && mode == s.mode
        && Objects.equals(failureThreshold, s.failureThreshold)
        && Objects.equals(gatewayFailureThreshold, s.gatewayFailureThreshold)
        && Objects.equals(failureRate, s.failureRate)
        && Objects.equals(monitoringPeriod, s.monitoringPeriod)
        && Objects.equals(resetTimeout, s.resetTimeout)
        && Objects.equals(maxResetTimeout, s.maxResetTimeout)
        && Objects.equals(maxOpenEndpointsPercent, s.maxOpenEndpointsPercent)
        && Objects.equals(panicThreshold, s.panicThreshold)
        && Objects.equals(fallback, s.fallback)
        && Objects.equals(limits, s.limits);
  }

  @Override
  public int hashCode() {
    return Objects.hash(targetRef, mode, failureThreshold, gatewayFailureThreshold, failureRate,
        monitoringPeriod, resetTimeout, maxResetTimeout, maxOpenEndpointsPercent, panicThreshold, fallback, limits);
  }
}
