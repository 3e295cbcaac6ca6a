package dev.breakwater.e2e.scale;

import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Delta (incremental) ADS as Envoy speaks it: clusters and listeners by wildcard, endpoints and
 * route configurations by name, subscribed and unsubscribed as clusters and scopes come and go;
 * every response ACKed by its nonce.
 */
final class DeltaProxy extends SyntheticProxy {
  private StreamObserver<DeltaDiscoveryRequest> ads;
  /** Cluster name to the EDS name it needs (null: not an EDS cluster). */
  private final Map<String, String> clusters = new HashMap<>();
  private final Map<String, Set<String>> subscribed = new HashMap<>();
  private final Map<String, Set<String>> held = new HashMap<>();
  private boolean nodeSent;
  private boolean scopesOpened;

  DeltaProxy(String nodeId, ManagedChannel channel) {
    super(nodeId, channel);
  }

  @Override
  String flavour() {
    return "delta";
  }

  @Override
  synchronized void start() {
    ads = AggregatedDiscoveryServiceGrpc.newStub(channel)
        .deltaAggregatedResources(responses(this::onResponse));
    send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(CLUSTER));
    send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(LISTENER));
  }

  private synchronized void onResponse(DeltaDiscoveryResponse response) {
    String type = response.getTypeUrl();
    received(type, response.getSerializedSize());
    Set<String> names = held.computeIfAbsent(type, t -> new HashSet<>());
    for (Resource r : response.getResourcesList()) {
      names.add(r.getName());
    }
    response.getRemovedResourcesList().forEach(names::remove);
    if (type.equals(CLUSTER)) {
      for (Resource r : response.getResourcesList()) {
        clusters.computeIfAbsent(r.getName(),
            n -> ResourceFields.cluster(r.getResource().getValue()).edsName());
      }
      response.getRemovedResourcesList().forEach(clusters::remove);
    }
    send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(type)
        .setResponseNonce(response.getNonce()));
    if (type.equals(CLUSTER)) {
      long acked = System.nanoTime();
      for (Resource r : response.getResourcesList()) {
        if (watching(r.getName())) {
          clusterArrived(r.getName(), r.getResource().getValue(), acked);
        }
      }
      Set<String> eds = new HashSet<>();
      clusters.values().stream().filter(java.util.Objects::nonNull).forEach(eds::add);
      subscribe(ENDPOINT, eds);
    } else if (type.equals(LISTENER) && !scopesOpened) {
      scopesOpened = true;
      openScopes();
    }
  }

  @Override
  synchronized void routeNamesChanged(Set<String> names) {
    subscribe(ROUTE, names);
  }

  private void subscribe(String type, Set<String> names) {
    Set<String> before = subscribed.computeIfAbsent(type, t -> new HashSet<>());
    Set<String> added = new HashSet<>(names);
    added.removeAll(before);
    Set<String> removed = new HashSet<>(before);
    removed.removeAll(names);
    if (added.isEmpty() && removed.isEmpty()) {
      return;
    }
    before.addAll(added);
    before.removeAll(removed);
    Set<String> have = held.computeIfAbsent(type, t -> new HashSet<>());
    have.removeAll(removed);
    send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(type)
        .addAllResourceNamesSubscribe(added).addAllResourceNamesUnsubscribe(removed));
  }

  private void send(DeltaDiscoveryRequest.Builder request) {
    if (!nodeSent) {
      request.setNode(node);
      nodeSent = true;
    }
    ads.onNext(request.build());
  }

  @Override
  synchronized int clusterCount() {
    return clusters.size();
  }

  @Override
  synchronized int routeCount() {
    return held.getOrDefault(ROUTE, Set.of()).size();
  }

  @Override
  synchronized int endpointCount() {
    return held.getOrDefault(ENDPOINT, Set.of()).size();
  }
}
