package dev.breakwater.xds.ir;

import java.util.List;

/**
 * A Service Envoy routes: the host names (a request's Host without its port) that reach it and
 * every port it is reachable on. It becomes one RouteConfiguration, so that a change to one
 * Service rebuilds only that Service's routes (and their rate limit buckets).
 *
 * @param hostNames e.g. {@code payments.shop}, {@code payments.shop.svc.cluster.local}, and the
 *     bare {@code payments} when this Service holds it; sorted
 * @param ports sorted by cluster name
 */
public record RoutedService(String namespace, String name, List<String> hostNames,
    List<RoutedPort> ports) {

  public RoutedService {
    hostNames = List.copyOf(hostNames);
    ports = List.copyOf(ports);
  }
}
