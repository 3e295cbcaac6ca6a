package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Status every policy kind shares; the kind-specific status classes extend it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class PolicyStatus {

  @JsonPropertyDescription("metadata.generation of the spec this status was computed from.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Accepted (valid and not conflicting with an older policy on the same Service port), "
          + "ResolvedRefs (the target Service and port exist) and Programmed (every connected "
          + "proxy runs it); Overridden when another policy on the same Service port makes Envoy"
          + " ignore part of this one (the message names the field and the policy); "
          + "HostNameConflict when a Service of the same name in another namespace, with an older"
          + " policy, keeps the bare host name (the message names the host names that reach this"
          + " Service); ProbesApplied for a HealthCheck whose probes are written onto workloads; a kind may add"
          + " its own (HealthCheck: EndpointsHealthy).")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Envoy proxies that run this policy out of those connected.")
  private ProxyStatus proxies;

  @JsonPropertyDescription(
      "What the policy is doing right now, from the data plane's statistics (see the kind's "
          + "status description for the values).")
  private String state;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  /** The condition of {@code type}, if present. */
  public Optional<Condition> condition(String type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public ProxyStatus getProxies() {
    return proxies;
  }

  public void setProxies(ProxyStatus proxies) {
    this.proxies = proxies;
  }

  public String getState() {
    return state;
  }

  public void setState(String state) {
    this.state = state;
  }

  protected boolean commonEquals(PolicyStatus o) {
    return Objects.equals(observedGeneration, o.observedGeneration)
        && Objects.equals(conditions, o.conditions)
        && Objects.equals(proxies, o.proxies)
        && Objects.equals(state, o.state);
  }

  protected int commonHashCode() {
    return Objects.hash(observedGeneration, conditions, proxies, state);
  }
}
