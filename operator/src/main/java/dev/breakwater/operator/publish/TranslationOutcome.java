package dev.breakwater.operator.publish;

import dev.breakwater.xds.xds.XdsResources;
import java.util.List;

/** Envoy resources to serve, plus an outcome for every policy in the store. */
public record TranslationOutcome(XdsResources resources, List<PolicyOutcome> policies) {
  public TranslationOutcome {
    policies = List.copyOf(policies);
  }
}
