package dev.breakwater.xds.policies.ratelimit.descriptor;

import java.time.Duration;
import java.util.Objects;

/**
 * How one global limit decides: {@code requests} per {@code period} counted by {@code algorithm};
 * {@code burst} is the bucket size (TokenBucket; equal to requests for the windows). A dry-run
 * rule is counted and answered as allowed.
 */
public record GlobalRule(
    Algorithm algorithm, long requests, Duration period, long burst, boolean dryRun) {

  public static final Duration MIN_PERIOD = Duration.ofMillis(1);
  public static final long MAX_REQUESTS = 1_000_000_000L;

  public GlobalRule {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(period, "period");
    if (requests < 1 || requests > MAX_REQUESTS) {
      throw new InvalidDescriptorException("requests must be 1.." + MAX_REQUESTS + ", got " + requests);
    }
    if (period.compareTo(MIN_PERIOD) < 0) {
      throw new InvalidDescriptorException("period must be at least 1ms, got " + period);
    }
    if (algorithm == Algorithm.TokenBucket) {
      if (burst < requests || burst > MAX_REQUESTS) {
        throw new InvalidDescriptorException(
            "burst must be requests.." + MAX_REQUESTS + ", got " + burst);
      }
    } else if (burst != requests) {
      throw new InvalidDescriptorException(algorithm + " has no burst; it must equal requests");
    }
  }

  public static GlobalRule tokenBucket(long requests, Duration period, long burst) {
    return new GlobalRule(Algorithm.TokenBucket, requests, period, burst, false);
  }

  public static GlobalRule window(Algorithm algorithm, long requests, Duration period) {
    return new GlobalRule(algorithm, requests, period, requests, false);
  }

  public GlobalRule asDryRun() {
    return new GlobalRule(algorithm, requests, period, burst, true);
  }

  public long periodMicros() {
    return period.toNanos() / 1_000;
  }
}
