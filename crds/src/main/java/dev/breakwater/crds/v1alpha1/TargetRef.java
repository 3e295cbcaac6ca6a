package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** The Service (in the policy's own namespace) a policy attaches to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.kind == 'Service'",
    fieldPath = ".kind",
    message = "targetRef.kind must be Service (the only kind a policy can target)")
@ValidationRule(
    value = "!has(self.group) || self.group == ''",
    fieldPath = ".group",
    message = "targetRef.group must be \"\" (the core API group of Service)")
public class TargetRef {

  @JsonPropertyDescription(
      "API group of the target; only \"\" (the core group of Service) is supported. Omitted means"
          + " \"\".")
  @Size(max = 253)
  private String group;

  @JsonPropertyDescription("Kind of the target; only Service is supported.")
  @Default("Service")
  @Size(max = 63)
  private String kind;

  @JsonPropertyDescription("Name of the Service, in the same namespace as the policy.")
  @Required
  @Size(min = 1, max = 63)
  @Pattern("^[a-z]([-a-z0-9]*[a-z0-9])?$")
  private String name;

  @JsonPropertyDescription(
      "Service port number the policy applies to; omitted means every port of the Service.")
  @Min(1)
  @Max(65535)
  private Integer port;

  @JsonPropertyDescription(
      "Namespace of the target. Cross-namespace targets are not supported: leave this empty or "
          + "set it to the policy's own namespace; any other value is reported as "
          + "ResolvedRefs=False.")
  @Size(max = 63)
  private String namespace;

  public TargetRef() {}

  public static TargetRef service(String name, Integer port) {
    TargetRef ref = new TargetRef();
    ref.setName(name);
    ref.setPort(port);
    return ref;
  }

  public String getGroup() {
    return group;
  }

  public void setGroup(String group) {
    this.group = group;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

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

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TargetRef t
        && Objects.equals(group, t.group)
        && Objects.equals(kind, t.kind)
        && Objects.equals(name, t.name)
        && Objects.equals(port, t.port)
        && Objects.equals(namespace, t.namespace);
  }

  @Override
  public int hashCode() {
    return Objects.hash(group, kind, name, port, namespace);
  }

  @Override
  public String toString() {
    return "TargetRef{group=" + group + ", kind=" + kind + ", name=" + name + ", port=" + port
        + ", namespace=" + namespace + "}";
  }
}
