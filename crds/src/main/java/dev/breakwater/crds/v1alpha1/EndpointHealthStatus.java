package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Objects;

/** Health of the target's endpoints as the proxies' health checks see them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EndpointHealthStatus {

  @JsonPropertyDescription("Endpoints passing the check (on every proxy).")
  private Integer healthy;

  @JsonPropertyDescription("Endpoints failing the check (on at least one proxy).")
  private Integer unhealthy;

  @JsonPropertyDescription("Endpoints of the target.")
  private Integer total;

  @JsonPropertyDescription(
      "One entry per endpoint, unhealthy ones first, at most 20 (see entriesNotListed); absent "
          + "while no proxy reports per-endpoint health.")
  private List<EndpointEntry> entries;

  @JsonPropertyDescription("Endpoints beyond the 20 listed in entries (healthy ones are left out first).")
  private Integer entriesNotListed;

  public EndpointHealthStatus() {}

  public EndpointHealthStatus(int healthy, int unhealthy, int total) {
    this.healthy = healthy;
    this.unhealthy = unhealthy;
    this.total = total;
  }

  public List<EndpointEntry> getEntries() {
    return entries;
  }

  public void setEntries(List<EndpointEntry> entries) {
    this.entries = entries;
  }

  public Integer getEntriesNotListed() {
    return entriesNotListed;
  }

  public void setEntriesNotListed(Integer entriesNotListed) {
    this.entriesNotListed = entriesNotListed;
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
        && Objects.equals(total, e.total)
        && Objects.equals(entries, e.entries)
        && Objects.equals(entriesNotListed, e.entriesNotListed);
  }

  @Override
  public int hashCode() {
    return Objects.hash(healthy, unhealthy, total, entries, entriesNotListed);
  }
}
