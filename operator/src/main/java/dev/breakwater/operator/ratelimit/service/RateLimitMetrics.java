package dev.breakwater.operator.ratelimit.service;

import dev.breakwater.xds.policies.ratelimit.descriptor.GlobalLimit;
import dev.breakwater.xds.policies.ratelimit.descriptor.LimitId;
import dev.breakwater.operator.ratelimit.store.Decision;
import dev.breakwater.operator.ratelimit.store.StoreException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Per-limit series of the rate limit service (tags {@code policy_namespace, policy, limit}; not
 * {@code namespace}, which a scrape sets to the service's own, as for the operator's series):
 * {@code breakwater_rls_decisions_total{result=allowed|limited|would_limit|error}},
 * {@code breakwater_rls_store_seconds} (one Redis round trip, histogram), and
 * {@code breakwater_rls_store_errors_total{reason=unavailable|timeout|error}}; without policy
 * tags {@code breakwater_rls_invalid_descriptors_total}. Limit ids come from requests, so at most
 * {@value #MAX_LIMITS} distinct limits get series of their own; the rest share {@code _other}.
 */
public final class RateLimitMetrics {

  static final int MAX_LIMITS = 2_000;
  private static final LimitId OTHER = new LimitId("_other", "_other", "_other");
  private static final Duration[] STORE_BUCKETS = {
      Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2),
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100)};

  private final MeterRegistry registry;
  private final Map<LimitId, LimitMeters> meters = new ConcurrentHashMap<>();
  private final Counter invalid;

  public RateLimitMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.invalid = Counter.builder("breakwater_rls_invalid_descriptors")
        .description("Requests refused because a Breakwater descriptor broke the contract")
        .register(registry);
  }

  void invalidDescriptor() {
    invalid.increment();
  }

  void decided(GlobalLimit limit, Decision decision, long storeNanos) {
    LimitMeters m = meters(limit.id());
    m.store.record(storeNanos, TimeUnit.NANOSECONDS);
    if (decision.allowed()) {
      m.allowed.increment();
    } else if (limit.rule().dryRun()) {
      m.wouldLimit.increment();
    } else {
      m.limited.increment();
    }
  }

  void failed(GlobalLimit limit, StoreException error, long storeNanos) {
    LimitMeters m = meters(limit.id());
    m.store.record(storeNanos, TimeUnit.NANOSECONDS);
    m.error.increment();
    Counter.builder("breakwater_rls_store_errors")
        .description("Decisions the store could not make")
        .tags(m.tags).tag("reason", error.reason())
        .register(registry).increment();
  }

  private LimitMeters meters(LimitId id) {
    LimitMeters m = meters.get(id);
    if (m != null) {
      return m;
    }
    LimitId named = meters.size() >= MAX_LIMITS ? OTHER : id;
    return meters.computeIfAbsent(named, this::create);
  }

  private LimitMeters create(LimitId id) {
    Tags tags = Tags.of("policy_namespace", id.namespace(), "policy", id.policy(), "limit", id.limit());
    return new LimitMeters(tags,
        decisions(tags, "allowed"), decisions(tags, "limited"), decisions(tags, "would_limit"),
        decisions(tags, "error"),
        Timer.builder("breakwater_rls_store")
            .description("One decision's round trip to Redis")
            .tags(tags)
            .serviceLevelObjectives(STORE_BUCKETS)
            .register(registry));
  }

  private Counter decisions(Tags tags, String result) {
    return Counter.builder("breakwater_rls_decisions")
        .description("Rate limit decisions: allowed, limited, would_limit (DryRun) or error")
        .tags(tags).tag("result", result)
        .register(registry);
  }

  private record LimitMeters(
      Tags tags, Counter allowed, Counter limited, Counter wouldLimit, Counter error, Timer store) {}
}
