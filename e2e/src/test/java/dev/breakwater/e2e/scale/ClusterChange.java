package dev.breakwater.e2e.scale;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.cluster.v3.CircuitBreakers;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One policy change as the proxies see it: cluster {@code cluster} arriving with circuit breaker
 * {@code max_connections} = {@code maxConnections}, or a later change's higher value (each run
 * only raises it, so a proxy that got a later change of the same policy first runs this one
 * too). Each proxy that gets it stamps the moment it sent its ACK ({@link System#nanoTime()}).
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

  /** The circuit breaker max_connections a serialised cluster carries, -1 without one. */
  static long maxConnections(ByteString clusterBytes) {
    try {
      Cluster c = Cluster.parseFrom(clusterBytes);
      for (CircuitBreakers.Thresholds t : c.getCircuitBreakers().getThresholdsList()) {
        if (t.hasMaxConnections()) {
          return t.getMaxConnections().getValue();
        }
      }
      return -1;
    } catch (InvalidProtocolBufferException e) {
      return -1;
    }
  }

  /** Whether a cluster with {@code maxConnections} runs this change (or a later one). */
  boolean carriedBy(long maxConnections) {
    return maxConnections >= this.maxConnections;
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
