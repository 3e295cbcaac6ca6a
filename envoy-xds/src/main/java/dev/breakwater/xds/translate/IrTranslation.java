package dev.breakwater.xds.translate;

import dev.breakwater.xds.ir.RoutedPort;
import dev.breakwater.xds.ir.RoutedService;
import java.util.Comparator;
import java.util.List;

/**
 * @param services every Service Envoy routes, sorted by namespace and name
 * @param results one per input policy, sorted by key
 */
public record IrTranslation(List<RoutedService> services, List<PolicyResult> results) {
  public IrTranslation {
    services = List.copyOf(services);
    results = List.copyOf(results);
  }

  /** Every routed port of every Service, sorted by cluster name. */
  public List<RoutedPort> ports() {
    return services.stream().flatMap(s -> s.ports().stream())
        .sorted(Comparator.comparing(RoutedPort::clusterName)).toList();
  }
}
