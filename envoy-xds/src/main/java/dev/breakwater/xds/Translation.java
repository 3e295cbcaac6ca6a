package dev.breakwater.xds;

import dev.breakwater.xds.envoy.XdsResources;
import dev.breakwater.xds.translate.PolicyResult;
import java.util.List;

/** The outcome of one translation: Envoy resources plus a result for every input policy. */
public record Translation(XdsResources resources, List<PolicyResult> results) {
  public Translation {
    results = List.copyOf(results);
  }
}
