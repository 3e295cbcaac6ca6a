package dev.breakwater.crds.v1alpha1;

/**
 * Upper bounds of numeric fields. They match the envoy-xds readers and keep every value inside a
 * Java int, so the operator can always deserialize what the API server accepted.
 */
final class Bounds {

  static final long MAX_INT32 = Integer.MAX_VALUE;

  /** Consecutive-failure and request-volume thresholds. */
  static final long MAX_THRESHOLD = 1_000_000;

  /** Tokens per period and bucket size of a rate limit. */
  static final long MAX_TOKENS = 1_000_000_000;

  private Bounds() {}
}
