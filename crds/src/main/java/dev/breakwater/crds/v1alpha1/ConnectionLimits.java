package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** Envoy circuit_breakers thresholds for the target's cluster; an unset limit keeps Envoy's. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.maxConnections) || has(self.maxPendingRequests) || has(self.maxRequests)"
        + " || has(self.maxRetries)",
    message = "limits must set at least one of maxConnections, maxPendingRequests, maxRequests,"
        + " maxRetries")
public class ConnectionLimits {

  @JsonPropertyDescription(
      "Maximum connections Envoy opens to all endpoints of the target (Envoy default 1024).")
  @Min(1)
  @Max(Bounds.MAX_INT32)
  private Integer maxConnections;

  @JsonPropertyDescription(
      "Maximum requests queued while waiting for a connection; more overflow with 503 "
          + "(Envoy default 1024).")
  @Min(1)
  @Max(Bounds.MAX_INT32)
  private Integer maxPendingRequests;

  @JsonPropertyDescription(
      "Maximum requests in flight to all endpoints of the target (Envoy default 1024).")
  @Min(1)
  @Max(Bounds.MAX_INT32)
  private Integer maxRequests;

  @JsonPropertyDescription("Maximum retries in flight to the target (Envoy default 3).")
  @Min(0)
  @Max(Bounds.MAX_INT32)
  private Integer maxRetries;

  public Integer getMaxConnections() {
    return maxConnections;
  }

  public void setMaxConnections(Integer maxConnections) {
    this.maxConnections = maxConnections;
  }

  public Integer getMaxPendingRequests() {
    return maxPendingRequests;
  }

  public void setMaxPendingRequests(Integer maxPendingRequests) {
    this.maxPendingRequests = maxPendingRequests;
  }

  public Integer getMaxRequests() {
    return maxRequests;
  }

  public void setMaxRequests(Integer maxRequests) {
    this.maxRequests = maxRequests;
  }

  public Integer getMaxRetries() {
    return maxRetries;
  }

  public void setMaxRetries(Integer maxRetries) {
    this.maxRetries = maxRetries;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConnectionLimits l
        && Objects.equals(maxConnections, l.maxConnections)
        && Objects.equals(maxPendingRequests, l.maxPendingRequests)
        && Objects.equals(maxRequests, l.maxRequests)
        && Objects.equals(maxRetries, l.maxRetries);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxConnections, maxPendingRequests, maxRequests, maxRetries);
  }
}
