package dev.breakwater.operator.publish;

import dev.breakwater.xds.envoy.XdsResources;
import java.util.List;

/** Envoy resources to serve, plus an outcome for every policy in the store. */
public record TranslationOutcome(XdsResources resources, List<TranslatedPolicy> policies) {
  public TranslationOutcome {
    policies = List.copyOf(policies);
  }
}
