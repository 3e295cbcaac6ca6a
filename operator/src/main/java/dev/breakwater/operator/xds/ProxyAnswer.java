package dev.breakwater.operator.xds;

import java.util.Set;


/**
 * A proxy's answer to one response: it took {@code version} of {@code type} (ACK) or refused it
 * (NACK, with Envoy's message).
 *
 * @param previous the version of the type the proxy ACKed before this answer (what it still runs
 *     after a NACK); null when unknown
 * @param message Envoy's error_detail message; null for an ACK
 * @param asked the names of the type the refused response carried that the response the proxy
 *     last took did not: resources it asked for since, which it runs nothing of. A route
 *     response carries only the asked names under one version for all, so a proxy that took
 *     version V for the Services it had refuses that same V once it asks for a new Service's.
 *     Empty for an ACK and when unknown (wildcard types, delta streams)
 */
public record ProxyAnswer(String nodeId, XdsType type, String version, String previous,
    boolean rejected, String message, Set<String> asked) {

  public ProxyAnswer {
    asked = Set.copyOf(asked);
  }

  public ProxyAnswer(String nodeId, XdsType type, String version, String previous,
      boolean rejected, String message) {
    this(nodeId, type, version, previous, rejected, message, Set.of());
  }
}
