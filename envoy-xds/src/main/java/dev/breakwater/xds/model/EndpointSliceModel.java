package dev.breakwater.xds.model;

import java.util.List;

/** A discovery.k8s.io/v1 EndpointSlice of one Service. */
public record EndpointSliceModel(
    String namespace, String name, String serviceName, List<Port> ports, List<Endpoint> endpoints) {

  public EndpointSliceModel {
    ports = ports == null ? List.of() : List.copyOf(ports);
    endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
  }

  /** @param name matches the Service port's name ("" for an unnamed single port) */
  public record Port(String name, int port, String protocol, String appProtocol) {}

  /** @param ready Kubernetes' ready condition; an unset condition counts as ready */
  public record Endpoint(List<String> addresses, boolean ready, boolean serving, boolean terminating) {
    public Endpoint {
      addresses = addresses == null ? List.of() : List.copyOf(addresses);
    }
  }
}
