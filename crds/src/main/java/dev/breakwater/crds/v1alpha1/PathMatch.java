package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** Selects requests by path. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.type == 'RegularExpression' || self.value.startsWith('/')",
    fieldPath = ".value",
    message = "path.value must start with '/' unless type is RegularExpression")
public class PathMatch {

  @JsonPropertyDescription(
      "Exact (whole path equal), Prefix (path starts with value) or RegularExpression (RE2"
          + " matching the whole path).")
  @Default("Prefix")
  private PathMatchType type;

  @JsonPropertyDescription("The path, path prefix or regular expression, e.g. /chat.")
  @Required
  @Size(min = 1, max = 1024)
  private String value;

  public PathMatch() {}

  public PathMatch(PathMatchType type, String value) {
    this.type = type;
    this.value = value;
  }

  public PathMatchType getType() {
    return type;
  }

  public void setType(PathMatchType type) {
    this.type = type;
  }

  public String getValue() {
    return value;
  }

  public void setValue(String value) {
    this.value = value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PathMatch p && type == p.type && Objects.equals(value, p.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, value);
  }
}
