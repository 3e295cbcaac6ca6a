package dev.breakwater.crds.v1alpha1;

/** Failures a RetryPolicy can retry. */
public enum RetryOn {
  /** Any 5xx answer, a reset, a failed connect or a try cut by perTryTimeout. */
  ServerError,
  /** 502, 503 or 504 (and a try cut by perTryTimeout). */
  GatewayError,
  /** The connection was reset or closed before a response arrived. */
  Reset,
  /** No connection could be made (refused, or connect timed out). */
  ConnectFailure
}
