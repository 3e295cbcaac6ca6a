package dev.breakwater.e2e.scale;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.route.v3.ScopedRouteConfiguration;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.envoyproxy.envoy.service.route.v3.ScopedRoutesDiscoveryServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An xDS client that subscribes and ACKs as Envoy does, without being one: ADS (state of the
 * world or delta, see the subclasses) for clusters, endpoints of every EDS cluster, the listener,
 * and the route configurations the scopes name; and the scopes themselves on an SRDS stream of
 * their own (state of the world, as the listener's scoped_rds config source has it). It keeps
 * only names and byte counts, and stamps the {@link ClusterChange}s it is told to watch for.
 */
abstract class SyntheticProxy implements AutoCloseable {
  static final String CLUSTER = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
  static final String ENDPOINT =
      "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment";
  static final String LISTENER = "type.googleapis.com/envoy.config.listener.v3.Listener";
  static final String ROUTE = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration";
  static final String SCOPED_ROUTE =
      "type.googleapis.com/envoy.config.route.v3.ScopedRouteConfiguration";

  final String nodeId;
  final Node node;
  final ManagedChannel channel;
  private final Map<String, AtomicLong> bytes = new ConcurrentHashMap<>();
  private final Map<String, java.util.List<ClusterChange>> watched = new ConcurrentHashMap<>();
  private final AtomicLong responses = new AtomicLong();
  private volatile Throwable failure;

  private StreamObserver<DiscoveryRequest> scopes;
  private String scopesVersion = "";
  private String scopesNonce = "";
  private volatile Set<String> routeNames = Set.of();

  SyntheticProxy(String nodeId, ManagedChannel channel) {
    this.nodeId = nodeId;
    this.node = Node.newBuilder().setId(nodeId).setCluster("breakwater-bench").build();
    this.channel = channel;
  }

  /** Opens the ADS stream and asks for clusters and listeners (wildcard), as Envoy starts. */
  abstract void start();

  /** The route configurations named by the scopes changed: subscribe to exactly these. */
  abstract void routeNamesChanged(Set<String> names);

  /** Clusters this proxy holds now. */
  abstract int clusterCount();

  /** Route configurations received (and still subscribed). */
  abstract int routeCount();

  /** Endpoint assignments received (and still subscribed). */
  abstract int endpointCount();

  abstract String flavour();

  /** Stamp {@code change} once a response carrying it has been ACKed. */
  void watch(ClusterChange change) {
    watched.computeIfAbsent(change.cluster, c -> new java.util.concurrent.CopyOnWriteArrayList<>())
        .add(change);
  }

  void unwatch(ClusterChange change) {
    watched.computeIfPresent(change.cluster, (c, list) -> {
      list.remove(change);
      return list.isEmpty() ? null : list;
    });
  }

  /** Called by the subclasses for each cluster resource of an ACKed response. */
  void clusterArrived(String name, com.google.protobuf.ByteString value, long ackedNanos) {
    java.util.List<ClusterChange> changes = watched.get(name);
    if (changes == null) {
      return;
    }
    long maxConnections = ClusterChange.maxConnections(value);
    for (ClusterChange change : changes) {
      if (change.carriedBy(maxConnections)) {
        change.acked(nodeId, ackedNanos);
      }
    }
  }

  boolean watching(String cluster) {
    return watched.containsKey(cluster);
  }

  void received(String typeUrl, int size) {
    bytes.computeIfAbsent(typeUrl, t -> new AtomicLong()).addAndGet(size);
    responses.incrementAndGet();
  }

  /** Bytes of xDS responses received so far, per type URL. */
  Map<String, Long> bytesByType() {
    Map<String, Long> out = new java.util.TreeMap<>();
    bytes.forEach((t, n) -> out.put(t, n.get()));
    return out;
  }

  long totalBytes() {
    return bytes.values().stream().mapToLong(AtomicLong::get).sum();
  }

  long responses() {
    return responses.get();
  }

  void failed(Throwable t) {
    failure = t;
  }

  Throwable failure() {
    return failure;
  }

  Set<String> routeNames() {
    return routeNames;
  }

  /** An observer of a response stream: each response to {@code handler}, an error fails. */
  <T> StreamObserver<T> responses(java.util.function.Consumer<T> handler) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T response) {
        handler.accept(response);
      }

      @Override
      public void onError(Throwable t) {
        failed(t);
      }

      @Override
      public void onCompleted() {}
    };
  }

  /** The listener arrived: open the SRDS stream once, as the HTTP connection manager does. */
  synchronized void openScopes() {
    if (scopes != null) {
      return;
    }
    scopes = ScopedRoutesDiscoveryServiceGrpc.newStub(channel)
        .streamScopedRoutes(responses(this::onScopes));
    scopes.onNext(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(SCOPED_ROUTE).build());
  }

  private void onScopes(DiscoveryResponse response) {
    received(SCOPED_ROUTE, response.getSerializedSize());
    Set<String> names = new TreeSet<>();
    for (Any any : response.getResourcesList()) {
      try {
        names.add(ScopedRouteConfiguration.parseFrom(any.getValue()).getRouteConfigurationName());
      } catch (InvalidProtocolBufferException e) {
        failed(e);
      }
    }
    synchronized (this) {
      scopesVersion = response.getVersionInfo();
      scopesNonce = response.getNonce();
      scopes.onNext(DiscoveryRequest.newBuilder().setTypeUrl(SCOPED_ROUTE)
          .setVersionInfo(scopesVersion).setResponseNonce(scopesNonce).build());
    }
    if (!names.equals(routeNames)) {
      routeNames = Set.copyOf(names);
      routeNamesChanged(routeNames);
    }
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
