package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** Per-endpoint circuit breakers (Envoy outlier detection) and connection limits for a Service. */
@Group(Api.GROUP)
@Version(Api.VERSION)
@Plural("circuitbreakerpolicies")
@Singular("circuitbreakerpolicy")
@ShortNames("cbp")
@Categories(Api.CATEGORY)
@AdditionalPrinterColumn(
    name = "Target", jsonPath = Api.COLUMN_TARGET,
    getDescription = "Name of the target Service")
@AdditionalPrinterColumn(
    name = "Accepted", jsonPath = Api.COLUMN_ACCEPTED,
    getDescription = "Valid and not in conflict with an older policy")
@AdditionalPrinterColumn(
    name = "Programmed", jsonPath = Api.COLUMN_PROGRAMMED,
    getDescription = "Proxies running this generation / proxies connected")
@AdditionalPrinterColumn(
    name = "State", jsonPath = Api.COLUMN_STATE,
    getDescription = "What the policy is doing on the data plane right now")
@AdditionalPrinterColumn(
    name = "Age", jsonPath = Api.COLUMN_AGE, type = AdditionalPrinterColumn.Type.DATE)
public class CircuitBreakerPolicy
    extends CustomResource<CircuitBreakerPolicySpec, CircuitBreakerPolicyStatus>
    implements Namespaced {

  @Override
  @JsonPropertyDescription("What to protect and how: detectors, reset timeouts and connection limits.")
  public CircuitBreakerPolicySpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "Written by the operator. state: Closed (no endpoint open), PartiallyOpen (some endpoints"
          + " open; the others carry the traffic), Open (every endpoint open: callers are refused"
          + " at once or sent to the fallback), WouldOpen (DryRun: an endpoint would be open if"
          + " enforced).")
  public CircuitBreakerPolicyStatus getStatus() {
    return super.getStatus();
  }
}
