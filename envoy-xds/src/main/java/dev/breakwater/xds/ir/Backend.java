package dev.breakwater.xds.ir;

import dev.breakwater.xds.model.BackendRef;
import java.util.List;

/**
 * A Service port a policy of a routed port sends requests to besides the target (a fallback),
 * resolved: Envoy gets a cluster of its own for it, so its traffic is counted apart.
 *
 * @param kind the kind of the policy that asked for it
 * @param clusterName {@code <routed port's cluster>/<kind in lowerCamelCase>}
 */
public record Backend(String kind, BackendRef ref, String clusterName, boolean http2,
    List<IrEndpoint> endpoints) {
  public Backend {
    endpoints = List.copyOf(endpoints);
  }
}
