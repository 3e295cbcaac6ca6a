package dev.breakwater.xds.model;

import java.util.List;

/** Everything translation reads: one immutable view of the cluster. */
public record ClusterState(
    List<Policy> policies, List<ServiceModel> services, List<EndpointSliceModel> endpointSlices) {

  public static final ClusterState EMPTY = new ClusterState(List.of(), List.of(), List.of());

  public ClusterState {
    policies = List.copyOf(policies);
    services = List.copyOf(services);
    endpointSlices = List.copyOf(endpointSlices);
  }
}
