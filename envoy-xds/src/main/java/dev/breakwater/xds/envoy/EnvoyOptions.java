package dev.breakwater.xds.envoy;

import dev.breakwater.xds.policy.ProxyServices;

/**
 * Settings of the produced Envoy config that do not come from policies.
 *
 * @param listenerPort the port of the one HTTP listener every proxy gets
 * @param clientAddress where the listener takes the client's address from
 * @param services Breakwater's own services the proxies call (the global rate limit service)
 */
public record EnvoyOptions(int listenerPort, ClientAddress clientAddress, ProxyServices services) {
  public static final int DEFAULT_LISTENER_PORT = 10000;
  public static final EnvoyOptions DEFAULTS =
      new EnvoyOptions(DEFAULT_LISTENER_PORT, ClientAddress.PEER, ProxyServices.DEFAULTS);

  public EnvoyOptions {
    clientAddress = clientAddress == null ? ClientAddress.PEER : clientAddress;
    services = services == null ? ProxyServices.DEFAULTS : services;
  }

  public EnvoyOptions(int listenerPort, ClientAddress clientAddress) {
    this(listenerPort, clientAddress, ProxyServices.DEFAULTS);
  }

  public EnvoyOptions(int listenerPort) {
    this(listenerPort, ClientAddress.PEER);
  }
}
