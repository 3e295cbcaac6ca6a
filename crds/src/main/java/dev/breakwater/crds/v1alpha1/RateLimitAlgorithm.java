package dev.breakwater.crds.v1alpha1;

/** How a limit counts requests; a Local limit is always a token bucket. */
public enum RateLimitAlgorithm {
  TokenBucket,
  SlidingWindow,
  FixedWindow
}
