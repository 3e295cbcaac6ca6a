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

/** Retries of failed requests to a Service: what, how often, how far apart, within what budget. */
@Group(Api.GROUP)
@Version(Api.VERSION)
@Plural("retrypolicies")
@Singular("retrypolicy")
@ShortNames("rtp")
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
public class RetryPolicy extends CustomResource<RetryPolicySpec, RetryPolicyStatus>
    implements Namespaced {

  @Override
  @JsonPropertyDescription(
      "Which failures are retried, for which methods, how many tries, how far apart, and the"
          + " budget that keeps retries from multiplying the load on a failing Service.")
  public RetryPolicySpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "Written by the operator. state: Idle (no retry in the last 10 s), Retrying (proxies"
          + " retried requests in the last 10 s).")
  public RetryPolicyStatus getStatus() {
    return super.getStatus();
  }
}
