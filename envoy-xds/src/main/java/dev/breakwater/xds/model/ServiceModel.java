package dev.breakwater.xds.model;

import java.util.List;

/** A Kubernetes Service, reduced to what routing needs. */
public record ServiceModel(String namespace, String name, List<Port> ports) {

  public ServiceModel {
    ports = ports == null ? List.of() : List.copyOf(ports);
  }

  /**
   * @param targetPort the Service's targetPort: a number or a container port name (null = port)
   * @param appProtocol e.g. {@code kubernetes.io/h2c} or {@code grpc}; null when unset
   */
  public record Port(String name, int port, String targetPort, String protocol, String appProtocol) {}
}
