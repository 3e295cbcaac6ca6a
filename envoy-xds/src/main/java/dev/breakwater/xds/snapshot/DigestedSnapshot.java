package dev.breakwater.xds.snapshot;

import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.controlplane.cache.SnapshotResources;
import java.util.Map;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;

/**
 * A java-control-plane snapshot whose resources carry versions of our own (a digest of each
 * resource's content, computed once per resource object: {@link SnapshotFactory}) instead of
 * the library's, which hashes every resource of every snapshot again.
 */
final class DigestedSnapshot extends io.envoyproxy.controlplane.cache.v3.Snapshot {
  private final SnapshotResources<Cluster> clusters;
  private final SnapshotResources<ClusterLoadAssignment> endpoints;
  private final SnapshotResources<Listener> listeners;
  private final SnapshotResources<RouteConfiguration> routes;
  private final SnapshotResources<Secret> secrets;

  DigestedSnapshot(SnapshotResources<Cluster> clusters,
      SnapshotResources<ClusterLoadAssignment> endpoints, SnapshotResources<Listener> listeners,
      SnapshotResources<RouteConfiguration> routes, SnapshotResources<Secret> secrets) {
    this.clusters = clusters;
    this.endpoints = endpoints;
    this.listeners = listeners;
    this.routes = routes;
    this.secrets = secrets;
  }

  @Override
  public SnapshotResources<Cluster> clusters() {
    return clusters;
  }

  @Override
  public SnapshotResources<ClusterLoadAssignment> endpoints() {
    return endpoints;
  }

  @Override
  public SnapshotResources<Listener> listeners() {
    return listeners;
  }

  @Override
  public SnapshotResources<RouteConfiguration> routes() {
    return routes;
  }

  @Override
  public SnapshotResources<Secret> secrets() {
    return secrets;
  }

  /**
   * The same as the library's. Raw: its generic signature differs from the abstract one it
   * implements, and only the erased type satisfies both for javac.
   */
  @Override
  @SuppressWarnings("rawtypes")
  public Map versionedResources(ResourceType type) {
    SnapshotResources<?> resources = switch (type) {
      case CLUSTER -> clusters;
      case ENDPOINT -> endpoints;
      case LISTENER -> listeners;
      case ROUTE -> routes;
      case SECRET -> secrets;
    };
    return resources.versionedResources();
  }
}
