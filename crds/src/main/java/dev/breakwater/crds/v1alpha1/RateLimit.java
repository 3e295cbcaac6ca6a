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

/** One budget (token bucket or window), or one budget per key value. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.burst) || self.burst >= self.requests",
    fieldPath = ".burst",
    message = "burst must be greater than or equal to requests")
@ValidationRule(
    value = RateLimit.ALGORITHM_NEEDS_GLOBAL,
    fieldPath = ".algorithm",
    message = "algorithm SlidingWindow and FixedWindow need scope: Global; a Local limit is a"
        + " TokenBucket")
@ValidationRule(
    value = RateLimit.BURST_ONLY_FOR_TOKEN_BUCKET,
    fieldPath = ".burst",
    message = "burst applies to algorithm TokenBucket only; a window admits requests per period")
public class RateLimit {

  /** Defaults are applied before CEL runs; has() keeps the rules right without them too. */
  static final String ALGORITHM_NEEDS_GLOBAL = "!has(self.algorithm)"
      + " || self.algorithm == 'TokenBucket' || (has(self.scope) && self.scope == 'Global')";

  static final String BURST_ONLY_FOR_TOKEN_BUCKET =
      "!has(self.burst) || !has(self.algorithm) || self.algorithm == 'TokenBucket'";

  @JsonPropertyDescription(
      "Name of the limit, unique within the policy; it names the limit's metrics"
          + " (a DNS label: lowercase letters, digits, '-').")
  @Required
  @Size(min = 1, max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  private String name;

  @JsonPropertyDescription(
      "Requests allowed per period: tokens added to the bucket every period (TokenBucket), or"
          + " requests admitted per window (SlidingWindow, FixedWindow).")
  @Required
  @Min(1)
  @Max(Bounds.MAX_TOKENS)
  private Integer requests;

  @JsonPropertyDescription(
      "Refill period of the bucket, or length of the window; at least 50ms, e.g. 1s or 1m.")
  @Required
  @Pattern(DurationRules.PATTERN)
  @Size(max = DurationRules.MAX_LENGTH)
  @ValidationRule(
      value = DurationRules.AT_LEAST_50MS,
      message = "period must be at least 50ms")
  private String period;

  @JsonPropertyDescription(
      "Bucket size: requests allowed at once after a quiet spell; at least requests. Omitted"
          + " means equal to requests. TokenBucket only.")
  @Min(1)
  @Max(Bounds.MAX_TOKENS)
  private Integer burst;

  @JsonPropertyDescription(
      "Split the limit into a bucket per header value or client address; omitted means one"
          + " bucket for the whole target.")
  private RateLimitKey key;

  @JsonPropertyDescription("Requests the limit applies to; omitted means every request.")
  private RouteMatch match;

  @JsonPropertyDescription(
      "Local: each proxy keeps its own budget (N proxies admit up to N times the limit). Global:"
          + " one budget across every proxy, kept by Breakwater's rate limit service in Redis.")
  @Default("Local")
  private RateLimitScope scope;

  @JsonPropertyDescription(
      "TokenBucket: refills requests every period, up to burst. SlidingWindow (Global only): no"
          + " interval of length period admits more than requests. FixedWindow (Global only):"
          + " requests per window aligned to the clock; up to twice that across a window edge.")
  @Default("TokenBucket")
  private RateLimitAlgorithm algorithm;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Integer getRequests() {
    return requests;
  }

  public void setRequests(Integer requests) {
    this.requests = requests;
  }

  public String getPeriod() {
    return period;
  }

  public void setPeriod(String period) {
    this.period = period;
  }

  public Integer getBurst() {
    return burst;
  }

  public void setBurst(Integer burst) {
    this.burst = burst;
  }

  public RateLimitKey getKey() {
    return key;
  }

  public void setKey(RateLimitKey key) {
    this.key = key;
  }

  public RouteMatch getMatch() {
    return match;
  }

  public void setMatch(RouteMatch match) {
    this.match = match;
  }

  public RateLimitScope getScope() {
    return scope;
  }

  public void setScope(RateLimitScope scope) {
    this.scope = scope;
  }

  public RateLimitAlgorithm getAlgorithm() {
    return algorithm;
  }

  public void setAlgorithm(RateLimitAlgorithm algorithm) {
    this.algorithm = algorithm;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RateLimit l
        && Objects.equals(name, l.name)
        && Objects.equals(requests, l.requests)
        && Objects.equals(period, l.period)
        && Objects.equals(burst, l.burst)
        && Objects.equals(key, l.key)
        && Objects.equals(match, l.match)
        && scope == l.scope
        && algorithm == l.algorithm;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, requests, period, burst, key, match, scope, algorithm);
  }
}
