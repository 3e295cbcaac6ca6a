package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** One endpoint of the target as the proxies' health checks see it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EndpointEntry {

  @JsonPropertyDescription("The endpoint's address and port, e.g. 10.244.1.7:8080.")
  private String address;

  @JsonPropertyDescription(
      "Envoy's own view (gauge cluster.<c>.endpoint.<address>.healthy): false when any proxy "
          + "takes the endpoint out of load balancing; it then gets no traffic unless "
          + "spec.panicThreshold is set and reached.")
  private Boolean healthy;

  @JsonPropertyDescription(
      "false when the target's EndpointSlice marks the endpoint not ready or terminating: Envoy "
          + "then takes it out whatever its check says; absent otherwise.")
  private Boolean ready;

  @JsonPropertyDescription(
      "When healthy last changed, as the operator observed it (RFC 3339; the first observation "
          + "for an endpoint the operator had not seen before).")
  private String since;

  @JsonPropertyDescription(
      "The latest failure the operator's own check of this endpoint saw (Envoy reports no "
          + "reason); kept after the endpoint recovers.")
  private EndpointFailure lastFailure;

  public EndpointEntry() {}

  public EndpointEntry(String address, boolean healthy, String since, EndpointFailure lastFailure) {
    this.address = address;
    this.healthy = healthy;
    this.since = since;
    this.lastFailure = lastFailure;
  }

  public String getAddress() {
    return address;
  }

  public void setAddress(String address) {
    this.address = address;
  }

  public Boolean getHealthy() {
    return healthy;
  }

  public void setHealthy(Boolean healthy) {
    this.healthy = healthy;
  }

  public Boolean getReady() {
    return ready;
  }

  public void setReady(Boolean ready) {
    this.ready = ready;
  }

  public String getSince() {
    return since;
  }

  public void setSince(String since) {
    this.since = since;
  }

  public EndpointFailure getLastFailure() {
    return lastFailure;
  }

  public void setLastFailure(EndpointFailure lastFailure) {
    this.lastFailure = lastFailure;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EndpointEntry e
        && Objects.equals(address, e.address)
        && Objects.equals(healthy, e.healthy)
        && Objects.equals(ready, e.ready)
        && Objects.equals(since, e.since)
        && Objects.equals(lastFailure, e.lastFailure);
  }

  @Override
  public int hashCode() {
    return Objects.hash(address, healthy, ready, since, lastFailure);
  }

  @Override
  public String toString() {
    return address + (Boolean.TRUE.equals(healthy) ? " healthy" : " unhealthy")
        + (Boolean.FALSE.equals(ready) ? " not ready" : "") + " since " + since
        + (lastFailure == null ? "" : ", last failure " + lastFailure);
  }
}
