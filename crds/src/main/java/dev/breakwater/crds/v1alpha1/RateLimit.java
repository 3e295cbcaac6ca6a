package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** One token bucket, or one bucket per key value. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.burst) || self.burst >= self.requests",
    fieldPath = ".burst",
    message = "burst must be greater than or equal to requests")
public class RateLimit {

  @JsonPropertyDescription(
      "Name of the limit, unique within the policy; it names the limit's metrics"
          + " (a DNS label: lowercase letters, digits, '-').")
  @Required
  @Size(min = 1, max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  private String name;

  @JsonPropertyDescription("Requests allowed per period (tokens added to the bucket every period).")
  @Required
  @Min(1)
  @Max(Bounds.MAX_TOKENS)
  private Integer requests;

  @JsonPropertyDescription("Refill period of the bucket, at least 50ms, e.g. 1s or 1m.")
  @Required
  @Pattern(DurationRules.PATTERN)
  @Size(max = DurationRules.MAX_LENGTH)
  @ValidationRule(
      value = DurationRules.AT_LEAST_50MS,
      message = "period must be at least 50ms")
  private String period;

  @JsonPropertyDescription(
      "Bucket size: requests allowed at once after a quiet spell; at least requests. Omitted"
          + " means equal to requests.")
  @Min(1)
  @Max(Bounds.MAX_TOKENS)
  private Integer burst;

  @JsonPropertyDescription(
      "Split the limit into a bucket per header value or client address; omitted means one"
          + " bucket for the whole target.")
  private RateLimitKey key;

  @JsonPropertyDescription("Requests the limit applies to; omitted means every request.")
  private RouteMatch match;

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

  @Override
  public boolean equals(Object o) {
    return o instanceof RateLimit l
        && Objects.equals(name, l.name)
        && Objects.equals(requests, l.requests)
        && Objects.equals(period, l.period)
        && Objects.equals(burst, l.burst)
        && Objects.equals(key, l.key)
        && Objects.equals(match, l.match);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, requests, period, burst, key, match);
  }
}
