package dev.breakwater.operator.metrics;

import dev.breakwater.operator.kinds.LatestLiveState;
import dev.breakwater.operator.kinds.OperatorKinds;
import dev.breakwater.operator.kinds.Series;
import dev.breakwater.operator.state.PolicyKey;
import dev.breakwater.operator.stats.LiveState;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-policy Prometheus series, tagged {@code kind, policy_namespace, name}; removed with the
 * policy.
 * Every policy has accepted/programmed/proxies; its kind adds its own (OperatorKind.meters).
 * Gauges follow the latest stats (not the throttled status); counters only ever grow.
 */
public final class PolicyMeters {

  /** The policy's namespace label. */
  public static final String POLICY_NAMESPACE = "policy_namespace";

  private final MeterRegistry registry;
  private final Map<PolicyKey, PolicySeries> series = new HashMap<>();

  public PolicyMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** @param live null when no proxy reports the policy yet */
  public synchronized void record(PolicyKey key, boolean accepted, boolean programmed,
      int proxiesProgrammed, LiveState live) {
    PolicySeries s = series.computeIfAbsent(key, this::register);
    s.accepted = accepted ? 1 : 0;
    s.programmed = programmed ? 1 : 0;
    s.proxiesProgrammed = proxiesProgrammed;
    if (live != null) {
      s.live.set(live);
    }
  }

  public synchronized void retainOnly(Set<PolicyKey> keys) {
    List<PolicyKey> gone = new ArrayList<>(series.keySet());
    gone.removeAll(keys);
    for (PolicyKey key : gone) {
      series.remove(key).meters.forEach(registry::remove);
    }
  }

  private PolicySeries register(PolicyKey key) {
    PolicySeries s = new PolicySeries();
    // not "namespace": scraped through pod annotations, Prometheus sets its own namespace label
    // (the operator's) and would rename ours to exported_namespace
    Tags tags = Tags.of("kind", key.kind(), POLICY_NAMESPACE, key.namespace(),
        "name", key.name());
    Series meters = new Series(registry, tags);
    s.meters.add(meters.gauge("breakwater.policy.accepted", "1 when the policy is accepted",
        () -> s.accepted));
    s.meters.add(meters.gauge("breakwater.policy.programmed",
        "1 when every connected proxy runs it", () -> s.programmed));
    s.meters.add(meters.gauge("breakwater.proxies.programmed",
        "Connected proxies that run the policy", () -> s.proxiesProgrammed));
    s.meters.addAll(OperatorKinds.of(key.kind()).meters(registry, tags, s.live));
    return s;
  }

  private static final class PolicySeries {
    final List<Meter> meters = new ArrayList<>();
    final LatestLiveState live = new LatestLiveState();
    volatile double accepted;
    volatile double programmed;
    volatile double proxiesProgrammed;
  }
}
