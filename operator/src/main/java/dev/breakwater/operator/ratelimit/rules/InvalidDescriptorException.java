package dev.breakwater.operator.ratelimit.rules;

/** A Breakwater descriptor that breaks the contract (docs/global-rate-limits.md). */
public final class InvalidDescriptorException extends RuntimeException {
  public InvalidDescriptorException(String message) {
    super(message);
  }
}
