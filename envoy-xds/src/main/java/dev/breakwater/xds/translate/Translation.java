package dev.breakwater.xds.translate;

import dev.breakwater.xds.xds.XdsResources;
import java.util.List;

/** The outcome of one translation: Envoy resources plus a result for every input policy. */
public record Translation(XdsResources resources, List<PolicyResult> results) {
  public Translation {
    results = List.copyOf(results);
  }
}
