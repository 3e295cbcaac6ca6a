package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** Exponential back-off with full jitter between the tries of one request. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = RetryBackoff.BASE_NOT_ABOVE_MAX,
    fieldPath = ".baseDelay",
    message = "backoff.baseDelay must not be greater than backoff.maxDelay")
public class RetryBackoff {

  /**
   * has() first: the API server also checks the rule against the {@code default: {}} of
   * {@code backoff} as written, before the fields' own defaults fill it in.
   */
  static final String BASE_NOT_ABOVE_MAX =
      "!has(self.baseDelay) || !has(self.maxDelay)"
          + " || !self.baseDelay.matches('" + DurationRules.PATTERN + "') || !self.maxDelay.matches('"
          + DurationRules.PATTERN + "') || duration(self.baseDelay) <= duration(self.maxDelay)";

  @JsonPropertyDescription(
      "The wait before the n-th retry is drawn at random between 0 and baseDelay x 2^(n-1)"
          + " (full jitter), e.g. 100ms.")
  @Default("100ms")
  @Pattern(DurationRules.PATTERN)
  @Size(max = DurationRules.MAX_LENGTH)
  @ValidationRule(value = DurationRules.AT_LEAST_10MS, message = "baseDelay must be at least 10ms")
  private String baseDelay;

  @JsonPropertyDescription(
      "Upper bound of that range, however many retries came before; at least baseDelay.")
  @Default("2s")
  @Pattern(DurationRules.PATTERN)
  @Size(max = DurationRules.MAX_LENGTH)
  @ValidationRule(value = DurationRules.AT_LEAST_10MS, message = "maxDelay must be at least 10ms")
  private String maxDelay;

  public String getBaseDelay() {
    return baseDelay;
  }

  public void setBaseDelay(String baseDelay) {
    this.baseDelay = baseDelay;
  }

  public String getMaxDelay() {
    return maxDelay;
  }

  public void setMaxDelay(String maxDelay) {
    this.maxDelay = maxDelay;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RetryBackoff b
        && Objects.equals(baseDelay, b.baseDelay)
        && Objects.equals(maxDelay, b.maxDelay);
  }

  @Override
  public int hashCode() {
    return Objects.hash(baseDelay, maxDelay);
  }
}
