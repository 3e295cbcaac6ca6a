package dev.breakwater.xds.policy;

import java.util.Objects;

/**
 * Why a policy that won a Service port cannot apply there next to the port's other policies
 * (e.g. a per-try timeout no shorter than the request timeout). The policy shapes nothing on that
 * port; refused on every port it won, it is {@code Accepted=False} with this reason.
 *
 * @param reason a CamelCase condition reason
 * @param message a sentence naming the fields and the other policy
 */
public record PortRefusal(String reason, String message) {
  public PortRefusal {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }
}
