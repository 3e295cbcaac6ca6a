package dev.breakwater.operator.ratelimit.store;

/** The store could not decide: unreachable, timed out, or answered with an error. */
public final class StoreException extends RuntimeException {

  /** Why, as a metric label: {@code unavailable}, {@code timeout} or {@code error}. */
  private final String reason;

  public StoreException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
