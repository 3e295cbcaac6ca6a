package dev.breakwater.operator.debug;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One connected Envoy as {@code GET /debug/proxies} and {@code breakwater proxies} show it; also
 * what a standby replica puts in its report for the others.
 *
 * @param node the Envoy's node id
 * @param replica the operator replica it is connected to
 * @param connectedSince RFC 3339, UTC
 * @param ads {@code SotW} or {@code delta} (scoped routes always come over SotW); null: not yet
 *     known
 * @param types keyed CDS, EDS, LDS, RDS, SRDS, in that order
 */
public record ProxyView(String node, String replica, String connectedSince, String ads,
    Map<String, TypeView> types) {

  public ProxyView {
    types = Collections.unmodifiableMap(new LinkedHashMap<>(types == null ? Map.of() : types));
  }

  /** The same proxy as seen through another replica's report. */
  public ProxyView onReplica(String name) {
    return new ProxyView(node, name, connectedSince, ads, types);
  }

  /** True when every type it subscribes to runs the current version. */
  public boolean synced() {
    return types.values().stream()
        .allMatch(t -> !t.subscribed() || TypeView.SYNCED.equals(t.state()));
  }

  /**
   * @param acked the version the proxy ACKed last; null: none yet
   * @param current the version its replica serves now
   * @param state {@link #SYNCED}, {@link #STALE}, {@link #NACKED}, {@link #WAITING} or
   *     {@link #NOT_SUBSCRIBED}
   * @param lastNack its last rejection of this type, kept after a later ACK; null: none
   */
  public record TypeView(String acked, String current, String state, NackView lastNack) {
    public static final String SYNCED = "SYNCED";
    public static final String STALE = "STALE";
    public static final String NACKED = "NACKED";
    public static final String WAITING = "WAITING";
    public static final String NOT_SUBSCRIBED = "NOT_SUBSCRIBED";

    boolean subscribed() {
      return !NOT_SUBSCRIBED.equals(state);
    }
  }

  /** @param at RFC 3339, UTC */
  public record NackView(String version, String message, String at) {}
}
