package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.Objects;

/**
 * Envoy's retry budget: a cap on retries in progress relative to requests in progress (a
 * concurrency ratio, not a ratio of request counts).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RetryBudget {

  @JsonPropertyDescription(
      "Retries in progress (waiting out their back-off or sent) may be at most this percentage"
          + " (1-100) of the requests in progress to the target, per proxy; a retry over it is"
          + " not made and the caller gets the failure.")
  @Default("20")
  @Min(1)
  @Max(100)
  private Integer percent;

  @JsonPropertyDescription(
      "Retries in progress always allowed, whatever the percentage gives (Envoy's default 3)."
          + " 0 lets the percentage alone decide; with few requests in progress it then allows"
          + " no retry.")
  @Default("3")
  @Min(0)
  @Max(Bounds.MAX_THRESHOLD)
  private Integer minConcurrency;

  public Integer getPercent() {
    return percent;
  }

  public void setPercent(Integer percent) {
    this.percent = percent;
  }

  public Integer getMinConcurrency() {
    return minConcurrency;
  }

  public void setMinConcurrency(Integer minConcurrency) {
    this.minConcurrency = minConcurrency;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RetryBudget b
        && Objects.equals(percent, b.percent)
        && Objects.equals(minConcurrency, b.minConcurrency);
  }

  @Override
  public int hashCode() {
    return Objects.hash(percent, minConcurrency);
  }
}
