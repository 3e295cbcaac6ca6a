package dev.breakwater.operator.xds;

import java.util.Map;

/**
 * The version of a type a delta client already runs when it reconnects: its first request lists
 * the resources it holds (name to resource version), and when they are exactly what the current
 * snapshot serves the server sends nothing, so no ACK would ever say so.
 */
@FunctionalInterface
public interface DeltaBaseline {

  /** The type's current version when {@code held} is its content; null otherwise. */
  String versionHolding(XdsType type, Map<String, String> held);
}
