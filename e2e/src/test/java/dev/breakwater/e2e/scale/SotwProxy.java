package dev.breakwater.e2e.scale;

import com.google.protobuf.Any;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * State-of-the-world ADS as Envoy speaks it: one request per type, the node on the first one only;
 * every response ACKed with its version and nonce; a changed list of names (endpoints of the
 * clusters, route configurations of the scopes) is a new request of that type carrying the last
 * version and nonce.
 */
final class SotwProxy extends SyntheticProxy {
  private StreamObserver<DiscoveryRequest> ads;
  private final Map<String, TypeState> types = new HashMap<>();
  private volatile int clusters;
  private final Set<String> endpoints = new HashSet<>();
  private final Set<String> routes = new HashSet<>();
  private boolean nodeSent;

  SotwProxy(String nodeId, ManagedChannel channel) {
    super(nodeId, channel);
  }

  @Override
  String flavour() {
    return "SotW";
  }

  @Override
  synchronized void start() {
    ads = AggregatedDiscoveryServiceGrpc.newStub(channel)
        .streamAggregatedResources(responses(this::onResponse));
    request(CLUSTER);
    request(LISTENER);
  }

  private synchronized void onResponse(DiscoveryResponse response) {
    String type = response.getTypeUrl();
    received(type, response.getSerializedSize());
    TypeState state = types.computeIfAbsent(type, t -> new TypeState());
    state.version = response.getVersionInfo();
    state.nonce = response.getNonce();
    switch (type) {
      case CLUSTER -> {
        Set<String> eds = new TreeSet<>();
        for (Any any : response.getResourcesList()) {
          ResourceFields.ClusterNames names = ResourceFields.cluster(any.getValue());
          if (names.edsName() != null) {
            eds.add(names.edsName());
          }
        }
        clusters = response.getResourcesCount();
        request(CLUSTER);
        long acked = System.nanoTime();
        for (Any any : response.getResourcesList()) {
          String name = ResourceFields.name(any.getValue());
          if (watching(name)) {
            clusterArrived(name, any.getValue(), acked);
          }
        }
        subscribe(ENDPOINT, eds);
      }
      case ENDPOINT -> {
        for (Any any : response.getResourcesList()) {
          endpoints.add(ResourceFields.clusterLoadAssignmentName(any.getValue()));
        }
        endpoints.retainAll(state.names);
        request(ENDPOINT);
      }
      case LISTENER -> {
        request(LISTENER);
        openScopes();
      }
      case ROUTE -> {
        for (Any any : response.getResourcesList()) {
          routes.add(ResourceFields.name(any.getValue()));
        }
        routes.retainAll(state.names);
        request(ROUTE);
      }
      default -> request(type);
    }
  }

  @Override
  synchronized void routeNamesChanged(Set<String> names) {
    subscribe(ROUTE, names);
  }

  private void subscribe(String type, Set<String> names) {
    TypeState state = types.computeIfAbsent(type, t -> new TypeState());
    if (state.names.equals(names) && state.requested) {
      return;
    }
    state.names = Set.copyOf(names);
    request(type);
  }

  /** The current request of a type: an ACK when a response came, else the first ask. */
  private void request(String type) {
    TypeState state = types.computeIfAbsent(type, t -> new TypeState());
    state.requested = true;
    DiscoveryRequest.Builder b = DiscoveryRequest.newBuilder().setTypeUrl(type)
        .setVersionInfo(state.version).setResponseNonce(state.nonce)
        .addAllResourceNames(state.names);
    if (!nodeSent) {
      b.setNode(node);
      nodeSent = true;
    }
    ads.onNext(b.build());
  }

  @Override
  int clusterCount() {
    return clusters;
  }

  @Override
  synchronized int routeCount() {
    return routes.size();
  }

  @Override
  synchronized int endpointCount() {
    return endpoints.size();
  }

  private static final class TypeState {
    String version = "";
    String nonce = "";
    Set<String> names = Set.of();
    boolean requested;
  }
}
