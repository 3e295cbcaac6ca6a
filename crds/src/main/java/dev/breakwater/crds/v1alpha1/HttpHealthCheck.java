package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Objects;

/** An HTTP GET health check against every endpoint. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpHealthCheck {

  @JsonPropertyDescription("Request path of the check, e.g. /health.")
  @Required
  @Size(min = 1, max = 1024)
  @Pattern("^/")
  private String path;

  @JsonPropertyDescription(
      "HTTP status codes (100-599) that count as healthy; default [200].")
  @Default("[200]")
  @Size(min = 1, max = 32)
  @ValidationRule(
      value = "self.all(s, s >= 100 && s <= 599)",
      message = "expectedStatuses must be HTTP status codes between 100 and 599")
  private List<Integer> expectedStatuses;

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public List<Integer> getExpectedStatuses() {
    return expectedStatuses;
  }

  public void setExpectedStatuses(List<Integer> expectedStatuses) {
    this.expectedStatuses = expectedStatuses;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HttpHealthCheck h
        && Objects.equals(path, h.path)
        && Objects.equals(expectedStatuses, h.expectedStatuses);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, expectedStatuses);
  }
}
