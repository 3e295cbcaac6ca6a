package dev.breakwater.xds.envoy;

/**
 * Settings of the produced Envoy config that do not come from policies.
 *
 * @param listenerPort the port of the one HTTP listener every proxy gets
 */
public record EnvoyOptions(int listenerPort) {
  public static final int DEFAULT_LISTENER_PORT = 10000;
  public static final EnvoyOptions DEFAULTS = new EnvoyOptions(DEFAULT_LISTENER_PORT);
}
