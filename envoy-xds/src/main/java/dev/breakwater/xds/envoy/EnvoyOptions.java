package dev.breakwater.xds.envoy;

/**
 * Settings of the produced Envoy config that do not come from policies.
 *
 * @param listenerPort the port of the one HTTP listener every proxy gets
 * @param clientAddress where the listener takes the client's address from
 */
public record EnvoyOptions(int listenerPort, ClientAddress clientAddress) {
  public static final int DEFAULT_LISTENER_PORT = 10000;
  public static final EnvoyOptions DEFAULTS =
      new EnvoyOptions(DEFAULT_LISTENER_PORT, ClientAddress.PEER);

  public EnvoyOptions {
    clientAddress = clientAddress == null ? ClientAddress.PEER : clientAddress;
  }

  public EnvoyOptions(int listenerPort) {
    this(listenerPort, ClientAddress.PEER);
  }
}
