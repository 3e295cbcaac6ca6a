package dev.breakwater.operator.replicas;

import dev.breakwater.operator.stats.StreamSamples;
import dev.breakwater.operator.xds.ProxyState;
import java.util.List;

/**
 * What one replica tells the leader about the Envoys connected to it: their ACK state, and the
 * latest stats each of their metrics streams flushed. Only the leader writes status, but every
 * replica serves xDS, so the leader needs this to count and read every proxy.
 *
 * @param replica the writing replica's name (the report object's name)
 * @param renewedAtMillis when the replica last wrote it; an old report is of a dead replica
 */
public record ReplicaReport(
    String replica,
    long renewedAtMillis,
    List<ProxyState> proxies,
    List<StreamSamples> streams) {

  public ReplicaReport {
    proxies = List.copyOf(proxies);
    streams = List.copyOf(streams);
  }

  /** Same proxies and stats, whenever written. */
  public boolean sameContent(ReplicaReport other) {
    return other != null && proxies.equals(other.proxies) && streams.equals(other.streams);
  }
}
