package dev.breakwater.operator.metrics;

import dev.breakwater.operator.state.PolicyKey;
import dev.breakwater.operator.stats.LiveState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-policy Prometheus series, tagged {@code kind, namespace, name}; removed with the policy.
 * Gauges follow the latest stats (not the throttled status); counters only ever grow.
 */
public final class PolicyMeters {

  private final MeterRegistry registry;
  private final Map<PolicyKey, Series> series = new HashMap<>();

  public PolicyMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** @param live null when no proxy reports the policy yet */
  public synchronized void record(PolicyKey key, boolean accepted, boolean programmed,
      int proxiesProgrammed, LiveState live) {
    Series s = series.computeIfAbsent(key, this::register);
    s.accepted = accepted ? 1 : 0;
    s.programmed = programmed ? 1 : 0;
    s.proxiesProgrammed = proxiesProgrammed;
    if (live instanceof LiveState.Breaker b) {
      s.a = b.openEndpoints();
      s.b = b.wouldOpenEndpoints() == null ? 0 : b.wouldOpenEndpoints();
      s.c = b.totalEndpoints();
      s.counter1 = Math.max(s.counter1, b.overflowRequests());
    } else if (live instanceof LiveState.RateLimit r) {
      s.counter1 = Math.max(s.counter1, r.limitedRequests());
      s.counter2 = Math.max(s.counter2, r.allowedRequests());
      s.a = r.state().equals(LiveState.RateLimit.IDLE) ? 0 : 1;
    } else if (live instanceof LiveState.Health h) {
      s.a = h.healthy();
      s.b = h.unhealthy();
      s.c = h.total();
    }
  }

  public synchronized void retainOnly(Set<PolicyKey> keys) {
    List<PolicyKey> gone = new ArrayList<>(series.keySet());
    gone.removeAll(keys);
    for (PolicyKey key : gone) {
      series.remove(key).meters.forEach(registry::remove);
    }
  }

  private Series register(PolicyKey key) {
    Series s = new Series();
    Tags tags = Tags.of("kind", key.kind().name(), "namespace", key.namespace(),
        "name", key.name());
    s.meters.add(gauge("breakwater.policy.accepted", "1 when the policy is accepted", tags, s,
        x -> x.accepted));
    s.meters.add(gauge("breakwater.policy.programmed", "1 when every connected proxy runs it",
        tags, s, x -> x.programmed));
    s.meters.add(gauge("breakwater.proxies.programmed", "Connected proxies that run the policy",
        tags, s, x -> x.proxiesProgrammed));
    switch (key.kind()) {
      case CircuitBreakerPolicy -> {
        s.meters.add(gauge("breakwater.circuit.breaker.open.endpoints",
            "Endpoints ejected (open) right now", tags, s, x -> x.a));
        s.meters.add(gauge("breakwater.circuit.breaker.would.open.endpoints",
            "DryRun: endpoints that would be open", tags, s, x -> x.b));
        s.meters.add(gauge("breakwater.circuit.breaker.endpoints",
            "Endpoints of the target", tags, s, x -> x.c));
        s.meters.add(counter("breakwater.circuit.breaker.overflow.requests",
            "Requests failed by a connection limit", tags, s, x -> x.counter1));
      }
      case RateLimitPolicy -> {
        s.meters.add(counter("breakwater.ratelimit.limited.requests",
            "Requests over the limit (rejected, or only counted in DryRun)", tags, s,
            x -> x.counter1));
        s.meters.add(counter("breakwater.ratelimit.allowed.requests",
            "Requests within the limit", tags, s, x -> x.counter2));
        s.meters.add(gauge("breakwater.ratelimit.limiting",
            "1 while requests are being limited", tags, s, x -> x.a));
      }
      case HealthCheck -> {
        s.meters.add(gauge("breakwater.healthcheck.healthy.endpoints",
            "Endpoints passing health checks", tags, s, x -> x.a));
        s.meters.add(gauge("breakwater.healthcheck.unhealthy.endpoints",
            "Endpoints failing health checks", tags, s, x -> x.b));
        s.meters.add(gauge("breakwater.healthcheck.endpoints",
            "Endpoints of the target", tags, s, x -> x.c));
      }
    }
    return s;
  }

  private Meter gauge(String name, String help, Tags tags, Series s,
      java.util.function.ToDoubleFunction<Series> f) {
    return Gauge.builder(name, s, f).description(help).tags(tags).register(registry);
  }

  private Meter counter(String name, String help, Tags tags, Series s,
      java.util.function.ToDoubleFunction<Series> f) {
    return FunctionCounter.builder(name, s, f).description(help).tags(tags).register(registry);
  }

  private static final class Series {
    final List<Meter> meters = new ArrayList<>();
    volatile double accepted;
    volatile double programmed;
    volatile double proxiesProgrammed;
    volatile double a;
    volatile double b;
    volatile double c;
    volatile double counter1;
    volatile double counter2;
  }
}
