package dev.breakwater.xds.policies.ratelimit.descriptor;

/** How a global limit counts; the names are the API's ({@code RateLimitPolicy} {@code algorithm}). */
public enum Algorithm {
  TokenBucket,
  SlidingWindow,
  FixedWindow
}
