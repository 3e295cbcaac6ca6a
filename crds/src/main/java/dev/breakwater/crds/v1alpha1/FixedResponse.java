package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;
import java.util.Objects;

/** An answer Envoy gives itself, instead of the one it would have given. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FixedResponse {

  @JsonPropertyDescription("HTTP status code of the answer.")
  @Min(200)
  @Max(599)
  private Integer status;

  @JsonPropertyDescription("Body of the answer, sent as is (at most 4096 bytes).")
  @Size(max = 4096)
  private String body;

  @JsonPropertyDescription(
      "Headers added to the answer, e.g. content-type: application/json (at most 16; values "
          + "without CR, LF or NUL, at most 1024 characters).")
  @Size(max = 16)
  @ValidationRule(
      value = "self.all(k, k.matches('^[a-z0-9!#$&*+.^_|~-]+$') && k.size() <= 128"
          + " && k != 'host')",
      message = "headers names must be lowercase HTTP header names (not host or a :pseudo header)")
  private Map<String, String> headers;

  public Integer getStatus() {
    return status;
  }

  public void setStatus(Integer status) {
    this.status = status;
  }

  public String getBody() {
    return body;
  }

  public void setBody(String body) {
    this.body = body;
  }

  public Map<String, String> getHeaders() {
    return headers;
  }

  public void setHeaders(Map<String, String> headers) {
    this.headers = headers;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FixedResponse r && Objects.equals(status, r.status)
        && Objects.equals(body, r.body) && Objects.equals(headers, r.headers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, body, headers);
  }
}
