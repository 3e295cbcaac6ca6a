package dev.breakwater.operator.xds;


/**
 * A proxy's answer to one response: it took {@code version} of {@code type} (ACK) or refused it
 * (NACK, with Envoy's message).
 *
 * @param previous the version of the type the proxy ACKed before this answer (what it still runs
 *     after a NACK); null when unknown
 * @param message Envoy's error_detail message; null for an ACK
 */
public record ProxyAnswer(String nodeId, XdsType type, String version, String previous,
    boolean rejected, String message) {}
