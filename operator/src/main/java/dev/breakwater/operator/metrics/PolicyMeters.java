package dev.breakwater.operator.metrics;

import dev.breakwater.operator.kinds.LatestLiveState;
import dev.breakwater.operator.kinds.OperatorKinds;
import dev.breakwater.operator.kinds.Series;
import dev.breakwater.operator.state.PolicyKey;
import dev.breakwater.operator.stats.LiveState;
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
 * Policy series, sized for ten thousand policies (a series per policy and meter would be a scrape
 * of several megabytes, mostly zeros):
 * <ul>
 *   <li>{@code breakwater_policies{kind, policy_namespace, accepted, programmed}}: how many
 *       policies are in each state (a state no policy is in has no series);</li>
 *   <li>per policy (tags {@code kind, policy_namespace, name}) {@code accepted},
 *       {@code programmed} and {@code proxies_programmed} while it is not accepted or not
 *       programmed everywhere: what an alert needs, gone once it is Ready again;</li>
 *   <li>per policy its kind's live series (OperatorKind.meters) from the first time its live
 *       state is {@link LiveState#eventful() eventful} (a request refused, limited, retried, an
 *       endpoint ejected or unhealthy) until the policy goes: a counter that appears stays, so
 *       {@code increase()} and {@code rate()} hold.</li>
 * </ul>
 * Gauges follow the latest stats (not the throttled status); counters only ever grow.
 */
public final class PolicyMeters {

  /** The policy's namespace label. */
  public static final String POLICY_NAMESPACE = "policy_namespace";

  private final MeterRegistry registry;
  private final Map<PolicyKey, PolicySeries> series = new HashMap<>();
  private final Map<Tags, StateCount> counts = new HashMap<>();

  /** The proxies the last status pass counted (the m of every policy's n/m). */
  private volatile int proxiesCounted;

  public PolicyMeters(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("breakwater.proxies.counted", this, m -> m.proxiesCounted)
        .description("Proxies the last status pass counted in every policy's proxies n/m (the "
            + "leader: those of every replica)")
        .register(registry);
  }

  /** Called at the end of a status pass, after every policy of it was recorded. */
  public void counted(int proxies) {
    this.proxiesCounted = proxies;
  }

  /** @param live null when no proxy reports the policy yet */
  public synchronized void record(PolicyKey key, boolean accepted, boolean programmed,
      int proxiesProgrammed, LiveState live) {
    PolicySeries s = series.computeIfAbsent(key, k -> new PolicySeries());
    if (s.counted == null || s.accepted != accepted || s.programmed != programmed) {
      uncount(s);
      s.counted = count(key, accepted, programmed);
      s.counted.policies++;
    }
    s.accepted = accepted;
    s.programmed = programmed;
    s.proxiesProgrammed = proxiesProgrammed;
    boolean ready = accepted && programmed;
    if (!ready && s.stateMeters == null) {
      s.stateMeters = stateMeters(key, s);
    } else if (ready && s.stateMeters != null) {
      s.stateMeters.forEach(registry::remove);
      s.stateMeters = null;
    }
    if (live != null) {
      s.live.set(live);
      if (s.liveMeters == null && live.eventful()) {
        s.liveMeters = OperatorKinds.of(key.kind()).meters(registry, tags(key), s.live);
      }
    }
  }

  public synchronized void retainOnly(Set<PolicyKey> keys) {
    List<PolicyKey> gone = new ArrayList<>(series.keySet());
    gone.removeAll(keys);
    for (PolicyKey key : gone) {
      PolicySeries s = series.remove(key);
      uncount(s);
      if (s.stateMeters != null) {
        s.stateMeters.forEach(registry::remove);
      }
      if (s.liveMeters != null) {
        s.liveMeters.forEach(registry::remove);
      }
    }
  }

  private void uncount(PolicySeries s) {
    if (s.counted != null && --s.counted.policies == 0) {
      registry.remove(s.counted.gauge);
      counts.remove(s.counted.tags);
    }
    s.counted = null;
  }

  /** The count of the policy's (kind, namespace, accepted, programmed). */
  private StateCount count(PolicyKey key, boolean accepted, boolean programmed) {
    Tags tags = Tags.of("kind", key.kind(), POLICY_NAMESPACE, key.namespace(),
        "accepted", Boolean.toString(accepted), "programmed", Boolean.toString(programmed));
    return counts.computeIfAbsent(tags, StateCount::new);
  }

  private final class StateCount {
    final Tags tags;
    final Meter gauge;
    volatile int policies;

    StateCount(Tags tags) {
      this.tags = tags;
      this.gauge = Gauge.builder("breakwater.policies", this, c -> c.policies)
          .description("Policies by kind and namespace, and by whether they are accepted and "
              + "programmed on every connected proxy")
          .tags(tags).register(registry);
    }
  }

  private List<Meter> stateMeters(PolicyKey key, PolicySeries s) {
    Series meters = new Series(registry, tags(key));
    return List.of(
        meters.gauge("breakwater.policy.accepted", "1 when the policy is accepted",
            () -> s.accepted ? 1 : 0),
        meters.gauge("breakwater.policy.programmed", "1 when every connected proxy runs it",
            () -> s.programmed ? 1 : 0),
        meters.gauge("breakwater.proxies.programmed", "Connected proxies that run the policy",
            () -> s.proxiesProgrammed));
  }

  private static Tags tags(PolicyKey key) {
    // not "namespace": scraped through pod annotations, Prometheus sets its own namespace label
    // (the operator's) and would rename ours to exported_namespace
    return Tags.of("kind", key.kind(), POLICY_NAMESPACE, key.namespace(), "name", key.name());
  }

  private static final class PolicySeries {
    final LatestLiveState live = new LatestLiveState();
    StateCount counted;
    List<Meter> stateMeters;
    List<Meter> liveMeters;
    volatile boolean accepted;
    volatile boolean programmed;
    volatile int proxiesProgrammed;
  }
}
