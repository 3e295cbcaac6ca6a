package dev.breakwater.xds.translate;

import dev.breakwater.xds.ir.RoutedPort;
import java.util.List;

/**
 * @param ports every Service port Envoy routes, sorted by cluster name
 * @param results one per input policy, sorted by key
 */
public record IrTranslation(List<RoutedPort> ports, List<PolicyResult> results) {
  public IrTranslation {
    ports = List.copyOf(ports);
    results = List.copyOf(results);
  }
}
