package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Objects;

/** The requests a limit applies to: all given parts must match. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RouteMatch {

  @JsonPropertyDescription("Match on the request path; omitted matches every path.")
  private PathMatch path;

  @JsonPropertyDescription("Match any of these methods; omitted or empty matches every method.")
  @Size(max = 9)
  @ValidationRule(
      value = "self.all(m, self.exists_one(n, n == m))",
      message = "methods must not repeat")
  private List<HttpMethod> methods;

  public PathMatch getPath() {
    return path;
  }

  public void setPath(PathMatch path) {
    this.path = path;
  }

  public List<HttpMethod> getMethods() {
    return methods;
  }

  public void setMethods(List<HttpMethod> methods) {
    this.methods = methods;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RouteMatch r
        && Objects.equals(path, r.path)
        && Objects.equals(methods, r.methods);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, methods);
  }
}
