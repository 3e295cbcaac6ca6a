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

/** Rate limits on the requests to a Service: per Envoy proxy (Local) or shared by all (Global). */
@Group(Api.GROUP)
@Version(Api.VERSION)
@Plural("ratelimitpolicies")
@Singular("ratelimitpolicy")
@ShortNames("rlp")
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
public class RateLimitPolicy
    extends CustomResource<RateLimitPolicySpec, RateLimitPolicyStatus>
    implements Namespaced {

  @Override
  @JsonPropertyDescription("Which requests to limit, how fast, and per what key.")
  public RateLimitPolicySpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "Written by the operator. state: Idle (no request limited lately), Limiting (requests"
          + " are being rejected), WouldLimit (DryRun: requests would be rejected).")
  public RateLimitPolicyStatus getStatus() {
    return super.getStatus();
  }
}
