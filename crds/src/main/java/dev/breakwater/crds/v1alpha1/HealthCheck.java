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

/** Active health checks of a Service's endpoints by Envoy, optionally written as Kubernetes probes. */
@Group(Api.GROUP)
@Version(Api.VERSION)
@Plural("healthchecks")
@Singular("healthcheck")
@ShortNames("hc")
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
public class HealthCheck
    extends CustomResource<HealthCheckSpec, HealthCheckStatus>
    implements Namespaced {

  @Override
  @JsonPropertyDescription(
      "What to check (exactly one of http, tcp, grpc), how often, and which probes to write.")
  public HealthCheckSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "Written by the operator. state: Healthy, Degraded, Unhealthy (only when spec.critical is"
          + " true) or Unknown (no proxy has reported check results yet). Besides Accepted,"
          + " ResolvedRefs and Programmed, the condition EndpointsHealthy: True when every"
          + " endpoint passes; False (SomeFail, AllFail; NotReady when the only endpoints out are"
          + " those their EndpointSlice marks not ready) names the check, how many fail, what the"
          + " operator's own check of them got and whether they get traffic, e.g. '2 of 3"
          + " endpoints fail GET /health (operator's own check: 404); Envoy sends them no"
          + " traffic'; Unknown (NoEndpointsReported, NotAccepted) otherwise.")
  public HealthCheckStatus getStatus() {
    return super.getStatus();
  }
}
