package dev.breakwater.operator.replicas;

import dev.breakwater.operator.debug.ProxyView;
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
 * @param views its proxies as {@code breakwater proxies} shows them (absent from reports of
 *     replicas older than that command: empty)
 */
public record ReplicaReport(
    String replica,
    long renewedAtMillis,
    List<ProxyState> proxies,
    List<StreamSamples> streams,
    List<ProxyView> views) {

  public ReplicaReport {
    proxies = List.copyOf(proxies);
    streams = List.copyOf(streams);
    views = views == null ? List.of() : List.copyOf(views);
  }

  public ReplicaReport(String replica, long renewedAtMillis, List<ProxyState> proxies,
      List<StreamSamples> streams) {
    this(replica, renewedAtMillis, proxies, streams, List.of());
  }

  /** Same proxies and stats, whenever written. */
  public boolean sameContent(ReplicaReport other) {
    return other != null && proxies.equals(other.proxies) && streams.equals(other.streams)
        && views.equals(other.views);
  }
}
