package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** A gRPC health check (grpc.health.v1.Health/Check). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GrpcHealthCheck {

  @JsonPropertyDescription(
      "Service name sent in the HealthCheckRequest; omitted or \"\" asks for the server's overall"
          + " health.")
  @Size(max = 253)
  private String service;

  public String getService() {
    return service;
  }

  public void setService(String service) {
    this.service = service;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GrpcHealthCheck g && Objects.equals(service, g.service);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(service);
  }
}
