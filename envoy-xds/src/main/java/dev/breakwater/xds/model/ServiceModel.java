package dev.breakwater.xds.model;

import java.util.List;

/**
 * A Kubernetes Service, reduced to what routing needs.
 *
 * @param type the Service's spec.type: ClusterIP (the default), NodePort, LoadBalancer, or
 *     ExternalName (a DNS name without endpoints, which Breakwater cannot route to)
 */
public record ServiceModel(String namespace, String name, List<Port> ports, String type) {

  public static final String CLUSTER_IP = "ClusterIP";
  public static final String EXTERNAL_NAME = "ExternalName";

  public ServiceModel {
    ports = ports == null ? List.of() : List.copyOf(ports);
    type = type == null || type.isEmpty() ? CLUSTER_IP : type;
  }

  public ServiceModel(String namespace, String name, List<Port> ports) {
    this(namespace, name, ports, CLUSTER_IP);
  }

  /**
   * @param targetPort the Service's targetPort: a number or a container port name (null = port)
   * @param appProtocol e.g. {@code kubernetes.io/h2c} or {@code grpc}; null when unset
   */
  public record Port(String name, int port, String targetPort, String protocol, String appProtocol) {}
}
