package dev.breakwater.xds.translate;

/**
 * Settings of the produced Envoy config that do not come from policies.
 *
 * @param listenerPort the port of the one HTTP listener every proxy gets
 */
public record TranslatorOptions(int listenerPort) {
  public static final int DEFAULT_LISTENER_PORT = 10000;
  public static final TranslatorOptions DEFAULTS = new TranslatorOptions(DEFAULT_LISTENER_PORT);
}
