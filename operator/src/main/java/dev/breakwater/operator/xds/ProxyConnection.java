package dev.breakwater.operator.xds;

import java.util.Map;

/**
 * One connected Envoy (node id) as a person troubleshooting it wants to see it: since when it
 * is connected, over which ADS flavour, and per xDS type what it subscribes to, ACKed and
 * rejected last. Status uses {@link ProxyState}; this is for {@code breakwater proxies}.
 *
 * @param connectedSinceMillis when its oldest open stream opened (epoch milliseconds)
 * @param ads {@link #SOTW} or {@link #DELTA}; null before its ADS stream sent a request (scoped
 *     routes always come over a state-of-the-world stream of their own)
 */
public record ProxyConnection(String nodeId, long connectedSinceMillis, String ads,
    Map<XdsType, TypeState> types) {

  public static final String SOTW = "SotW";
  public static final String DELTA = "delta";

  public ProxyConnection {
    types = Map.copyOf(types);
  }

  /**
   * @param subscribed the proxy asks for the type
   * @param acked the last version it ACKed (or named as running when it reconnected); null: none
   * @param rejecting its last answer for the type was a NACK
   * @param lastNack its last NACK, kept after a later ACK; null: never on this connection
   */
  public record TypeState(boolean subscribed, String acked, boolean rejecting,
      LastNack lastNack) {}

  /**
   * @param version the rejected version, null when the response it answers is not known
   * @param message Envoy's error_detail message
   */
  public record LastNack(String version, String message, long atMillis) {}
}
