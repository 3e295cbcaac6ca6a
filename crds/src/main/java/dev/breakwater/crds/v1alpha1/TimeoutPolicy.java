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

/** Timeouts of the requests to a Service: the whole request, an idle stream, a connect. */
@Group(Api.GROUP)
@Version(Api.VERSION)
@Plural("timeoutpolicies")
@Singular("timeoutpolicy")
@ShortNames("tmo")
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
public class TimeoutPolicy extends CustomResource<TimeoutPolicySpec, TimeoutPolicyStatus>
    implements Namespaced {

  @Override
  @JsonPropertyDescription(
      "How long a request (retries included), an idle stream and a connect to an endpoint may"
          + " take.")
  public TimeoutPolicySpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "Written by the operator. state: Idle (no timeout in the last 10 s), TimingOut (requests"
          + " or connects timed out in the last 10 s).")
  public TimeoutPolicyStatus getStatus() {
    return super.getStatus();
  }
}
