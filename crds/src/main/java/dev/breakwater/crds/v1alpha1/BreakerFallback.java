package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** Where callers go while every endpoint of the target is open (or failing its health check). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.service) != has(self.response)",
    message = "fallback must set exactly one of service or response")
public class BreakerFallback {

  @JsonPropertyDescription(
      "A Service that takes the requests while the target has no endpoint closed; callers go "
          + "back to the target as soon as one is.")
  private FallbackService service;

  @JsonPropertyDescription("A fixed answer Envoy gives while the target has no endpoint closed.")
  private FixedResponse response;

  public FallbackService getService() {
    return service;
  }

  public void setService(FallbackService service) {
    this.service = service;
  }

  public FixedResponse getResponse() {
    return response;
  }

  public void setResponse(FixedResponse response) {
    this.response = response;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BreakerFallback f && Objects.equals(service, f.service)
        && Objects.equals(response, f.response);
  }

  @Override
  public int hashCode() {
    return Objects.hash(service, response);
  }
}
