package dev.breakwater.e2e.scale;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.cluster.v3.CircuitBreakers;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One policy change as the proxies see it: cluster {@code cluster} arriving with circuit breaker
 * {@code max_connections} = {@code maxConnections}. Each proxy that gets it stamps the moment it
 * sent its ACK ({@link System#nanoTime()}).
 */
final class ClusterChange {
  final String cluster;
  final int maxConnections;
  final long startNanos;
  private final Map<String, Long> ackedAt = new ConcurrentHashMap<>();

  ClusterChange(String cluster, int maxConnections, long startNanos) {
    this.cluster = cluster;
    this.maxConnections = maxConnections;
    this.startNanos = startNanos;
  }

  /** Whether this serialised cluster carries the change. */
  boolean carriedBy(ByteString clusterBytes) {
    try {
      Cluster c = Cluster.parseFrom(clusterBytes);
      for (CircuitBreakers.Thresholds t : c.getCircuitBreakers().getThresholdsList()) {
        if (t.hasMaxConnections() && t.getMaxConnections().getValue() == maxConnections) {
          return true;
        }
      }
      return false;
    } catch (InvalidProtocolBufferException e) {
      return false;
    }
  }

  void acked(String nodeId, long nanos) {
    ackedAt.putIfAbsent(nodeId, nanos);
  }

  /** Node id to nanos after the start; proxies that have not ACKed it are absent. */
  Map<String, Long> latencies() {
    Map<String, Long> out = new java.util.TreeMap<>();
    ackedAt.forEach((node, at) -> out.put(node, at - startNanos));
    return out;
  }

  int ackedCount() {
    return ackedAt.size();
  }
}
