package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** A Service in the policy's namespace that takes the requests while the breaker is open. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FallbackService {

  @JsonPropertyDescription("Name of the Service, in the policy's namespace.")
  @Required
  @Size(min = 1, max = 63)
  @Pattern("^[a-z]([-a-z0-9]*[a-z0-9])?$")
  private String name;

  @JsonPropertyDescription("Port of that Service.")
  @Required
  @Min(1)
  @Max(65535)
  private Integer port;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FallbackService s && Objects.equals(name, s.name)
        && Objects.equals(port, s.port);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, port);
  }
}
