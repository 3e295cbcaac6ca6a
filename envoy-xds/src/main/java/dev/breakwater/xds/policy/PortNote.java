package dev.breakwater.xds.policy;

import dev.breakwater.xds.model.Policy;
import java.util.Objects;

/**
 * A status condition (status True) that one policy causes on a policy of the same Service port,
 * itself or another kind's: e.g. a field of another policy that Envoy ignores because of this one.
 * Notes of one type on one policy (several ports) become one condition, messages joined.
 *
 * @param subject the policy that carries the condition (a winner of the port)
 * @param type the condition type, e.g. {@link #OVERRIDDEN}
 * @param reason a CamelCase reason
 * @param message a sentence naming the fields, the port and the other policy
 */
public record PortNote(Policy subject, String type, String reason, String message) {
  /** Part of the subject is not used by Envoy because of another policy on the port. */
  public static final String OVERRIDDEN = "Overridden";

  public PortNote {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }
}
