package dev.breakwater.operator.debug;

import dev.breakwater.operator.xds.ProxyConnection;
import dev.breakwater.operator.xds.XdsType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** This replica's proxies as views: what each ACKed next to what this replica serves now. */
public final class ProxyViews {

  private final String replica;
  private final Supplier<List<ProxyConnection>> connections;
  private final ServedVersions served;

  public ProxyViews(String replica, Supplier<List<ProxyConnection>> connections,
      ServedVersions served) {
    this.replica = replica;
    this.connections = connections;
    this.served = served;
  }

  public String replica() {
    return replica;
  }

  public List<ProxyView> views() {
    Map<XdsType, String> current = served.current();
    return connections.get().stream().map(c -> view(c, current)).toList();
  }

  ProxyView view(ProxyConnection connection, Map<XdsType, String> current) {
    Map<String, ProxyView.TypeView> types = new LinkedHashMap<>();
    for (XdsType type : XdsType.values()) {
      ProxyConnection.TypeState state = connection.types().get(type);
      String now = current.get(type);
      types.put(shortName(type), state == null
          ? new ProxyView.TypeView(null, now, ProxyView.TypeView.NOT_SUBSCRIBED, null)
          : new ProxyView.TypeView(state.acked(), now, state(state, now), nack(state.lastNack())));
    }
    return new ProxyView(connection.nodeId(), replica, time(connection.connectedSinceMillis()),
        connection.ads(), types);
  }

  /**
   * Running what is served now is SYNCED even after a NACK (of a version no longer served);
   * otherwise a pending NACK says why it is behind.
   */
  static String state(ProxyConnection.TypeState state, String current) {
    if (!state.subscribed()) {
      return ProxyView.TypeView.NOT_SUBSCRIBED;
    }
    if (state.acked() != null && state.acked().equals(current)) {
      return ProxyView.TypeView.SYNCED;
    }
    if (state.rejecting()) {
      return ProxyView.TypeView.NACKED;
    }
    return state.acked() == null ? ProxyView.TypeView.WAITING : ProxyView.TypeView.STALE;
  }

  private static ProxyView.NackView nack(ProxyConnection.LastNack nack) {
    return nack == null ? null
        : new ProxyView.NackView(nack.version(), nack.message(), time(nack.atMillis()));
  }

  /** The xDS services' usual short names: CDS, EDS, LDS, RDS, SRDS. */
  public static String shortName(XdsType type) {
    return switch (type) {
      case CLUSTER -> "CDS";
      case ENDPOINT -> "EDS";
      case LISTENER -> "LDS";
      case ROUTE -> "RDS";
      case SCOPED_ROUTE -> "SRDS";
    };
  }

  static String time(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
