package dev.breakwater.operator.xds;

import java.util.Map;
import java.util.Set;

/**
 * What one connected Envoy (node id) has taken from us, per xDS type.
 *
 * @param acked last version the proxy ACKed, per type
 * @param nacks a rejection not yet followed by an ACK, per type
 * @param subscribed types the proxy currently asks for
 */
public record ProxyState(
    String nodeId,
    Map<XdsType, String> acked,
    Map<XdsType, Nack> nacks,
    Set<XdsType> subscribed) {

  public ProxyState {
    acked = Map.copyOf(acked);
    nacks = Map.copyOf(nacks);
    subscribed = Set.copyOf(subscribed);
  }

  /**
   * @param version the rejected version, null when the response it answers is not known
   * @param message Envoy's error_detail message
   */
  public record Nack(String version, String message) {}
}
