package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Health of the target's endpoints as the proxies' health checks see them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EndpointHealthStatus {

  @JsonPropertyDescription("Endpoints passing the check.")
  private Integer healthy;

  @JsonPropertyDescription("Endpoints failing the check.")
  private Integer unhealthy;

  @JsonPropertyDescription("Endpoints of the target.")
  private Integer total;

  public EndpointHealthStatus() {}

  public EndpointHealthStatus(int healthy, int unhealthy, int total) {
    this.healthy = healthy;
    this.unhealthy = unhealthy;
    this.total = total;
  }

  public Integer getHealthy() {
    return healthy;
  }

  public void setHealthy(Integer healthy) {
    this.healthy = healthy;
  }

  public Integer getUnhealthy() {
    return unhealthy;
  }

  public void setUnhealthy(Integer unhealthy) {
    this.unhealthy = unhealthy;
  }

  public Integer getTotal() {
    return total;
  }

  public void setTotal(Integer total) {
    this.total = total;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EndpointHealthStatus e
        && Objects.equals(healthy, e.healthy)
        && Objects.equals(unhealthy, e.unhealthy)
        && Objects.equals(total, e.total);
  }

  @Override
  public int hashCode() {
    return Objects.hash(healthy, unhealthy, total);
  }
}
