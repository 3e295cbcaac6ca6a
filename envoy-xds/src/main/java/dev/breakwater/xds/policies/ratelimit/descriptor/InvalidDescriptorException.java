package dev.breakwater.xds.policies.ratelimit.descriptor;

/** A Breakwater descriptor that breaks the contract (docs/global-rate-limits.md). */
public final class InvalidDescriptorException extends RuntimeException {
  public InvalidDescriptorException(String message) {
    super(message);
  }
}
