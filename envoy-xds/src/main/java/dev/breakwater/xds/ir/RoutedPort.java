package dev.breakwater.xds.ir;

import dev.breakwater.xds.model.Policy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The intermediate representation: one Service port that Envoy routes, with the policy of each
 * kind that won it.
 *
 * @param policies kind name -> the winning policy of that kind (kinds without one are absent)
 * @param backends the Service ports those policies send requests to, resolved
 */
public record RoutedPort(
    String namespace,
    String service,
    int port,
    String clusterName,
    boolean http2,
    List<IrEndpoint> endpoints,
    Map<String, Policy> policies,
    List<Backend> backends) {

  public RoutedPort {
    endpoints = List.copyOf(endpoints);
    policies = java.util.Collections.unmodifiableMap(new TreeMap<>(policies));
    backends = List.copyOf(backends);
  }

  /** The resolved backends of one kind's policy. */
  public List<Backend> backends(String kind) {
    return backends.stream().filter(b -> b.kind().equals(kind)).toList();
  }

  public Optional<Policy> policy(String kind) {
    return Optional.ofNullable(policies.get(kind));
  }

  /** The Host a request to this Service port carries inside the cluster. */
  public String clusterLocalHost() {
    return service + "." + namespace + ".svc.cluster.local";
  }
}
