package dev.breakwater.xds.ir;

import dev.breakwater.xds.model.Policy;
import java.util.List;

/**
 * The intermediate representation: one Service port that Envoy routes, with the policies that
 * won it (at most one per kind; null when none).
 */
public record RoutedPort(
    String namespace,
    String service,
    int port,
    String clusterName,
    boolean http2,
    List<IrEndpoint> endpoints,
    Policy circuitBreaker,
    Policy healthCheck,
    Policy rateLimit) {

  public RoutedPort {
    endpoints = List.copyOf(endpoints);
  }
}
