package dev.breakwater.operator.ratelimit.rules;

/** How a global limit counts; the names are the API's ({@code RateLimitPolicy} {@code algorithm}). */
public enum Algorithm {
  TokenBucket,
  SlidingWindow,
  FixedWindow
}
