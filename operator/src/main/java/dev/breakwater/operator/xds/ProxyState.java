package dev.breakwater.operator.xds;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.Map;
import java.util.Set;

/**
 * What one connected Envoy (node id) has taken from us, per xDS type.
 *
 * @param acked last version the proxy ACKed, per type
 * @param nacks a rejection not yet followed by an ACK, per type
 * @param subscribed types the proxy currently asks for
 * @param taken per type asked for by name (routes, endpoints), the names the response it ACKed
 *     last carried: a route version taken for some Services says nothing of the others. Absent
 *     when unknown (delta streams, another replica's report, which leaves them out for size)
 */
public record ProxyState(
    String nodeId,
    Map<XdsType, String> acked,
    Map<XdsType, Nack> nacks,
    Set<XdsType> subscribed,
    @JsonIgnore Map<XdsType, Set<String>> taken) {

  public ProxyState {
    acked = Map.copyOf(acked);
    nacks = Map.copyOf(nacks);
    subscribed = Set.copyOf(subscribed);
    taken = taken == null ? Map.of() : Map.copyOf(taken);
  }

  public ProxyState(String nodeId, Map<XdsType, String> acked, Map<XdsType, Nack> nacks,
      Set<XdsType> subscribed) {
    this(nodeId, acked, nacks, subscribed, Map.of());
  }

  /** Whether the last route response it took carried these routes (true when unknown). */
  public boolean tookRoutes(String routeConfiguration) {
    Set<String> names = taken.get(XdsType.ROUTE);
    return names == null || names.contains(routeConfiguration);
  }

  /**
   * @param version the rejected version, null when the response it answers is not known
   * @param message Envoy's error_detail message
   */
  public record Nack(String version, String message) {}
}
