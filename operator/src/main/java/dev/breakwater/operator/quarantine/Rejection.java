package dev.breakwater.operator.quarantine;

import dev.breakwater.operator.xds.XdsType;
import dev.breakwater.xds.model.Policy;
import java.util.Optional;

/**
 * One generation of a policy a proxy refused, set aside until the policy changes.
 *
 * @param fallback the model proxies keep being served instead: the one they ran when they
 *     refused the change (empty: the policy was new, nothing is served for it)
 */
record Rejection(long generation, String nodeId, XdsType type, String message,
    Optional<Policy> fallback) {

  /** The condition reason of a policy a proxy rejected. */
  static final String REASON = "Rejected";

  String describe() {
    String kept = fallback.map(p -> "proxies keep running generation " + p.meta().generation())
        .orElse("nothing of it is served");
    return "proxy " + nodeId + " rejected the " + type + " carrying generation " + generation
        + " (" + message + "); " + kept + " until the policy changes";
  }
}
