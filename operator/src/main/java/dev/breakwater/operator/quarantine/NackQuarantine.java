package dev.breakwater.operator.quarantine;

import dev.breakwater.operator.xds.XdsType;
import dev.breakwater.operator.publish.Published;
import dev.breakwater.operator.publish.SnapshotHistory;
import dev.breakwater.operator.publish.TranslatedPolicy;
import dev.breakwater.operator.publish.TranslationOutcome;
import dev.breakwater.operator.quarantine.ServedHistory.Served;
import dev.breakwater.operator.state.PolicyEntry;
import dev.breakwater.operator.state.PolicyKey;
import dev.breakwater.operator.state.StoreView;
import dev.breakwater.operator.xds.ProxyAnswer;
import dev.breakwater.xds.model.ClusterState;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.names.EnvoyNames;
import dev.breakwater.xds.translate.PolicyCondition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what a proxy rejects with the policy that caused it. When a proxy refuses a version, the
 * suspects are the policies whose served model changed since the version it runs (its last ACK of
 * that type). One suspect is the culprit: it is set aside (proxies keep being served the model
 * they ran, or nothing of a new policy), marked {@code Accepted=False Rejected} with Envoy's
 * reason, and everything else is published again. Several suspects are bisected: the second half
 * is held back (served as the proxy runs it) and the rest published; a new rejection narrows the
 * first half, an ACK clears it and brings the held half back for its own turn. A set-aside policy
 * returns by itself when its generation changes.
 *
 * <p>Nothing here sends anything: it decides what the next translation sees and asks for a
 * publish. That a proxy is not sent a version it refused is {@code RejectedVersionHold}'s job.
 */
public final class NackQuarantine {

  private static final Logger LOG = LoggerFactory.getLogger(NackQuarantine.class);
  /** Held-back changes come back when no proxy answered the trial for this long. */
  static final Duration TRIAL_TIMEOUT = Duration.ofSeconds(10);
  private static final int ANSWERS_KEPT = 256;

  private final Runnable republish;
  private final Clock clock;
  private final ServedHistory history = new ServedHistory();
  private final Map<PolicyKey, Rejection> rejected = new HashMap<>();
  /** Changes held back while a rejection is narrowed down, newest group first. */
  private final Deque<HeldGroup> held = new ArrayDeque<>();
  private final Set<String> handled = Collections.newSetFromMap(new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > ANSWERS_KEPT;
    }
  });
  private final Counter setAside;
  private Trial trial;
  private Map<PolicyKey, Policy> translating = Map.of();
  private Map<PolicyKey, TranslatedPolicy> lastOutcomes = Map.of();

  /** @param republish asks the publisher for a new snapshot (it coalesces) */
  public NackQuarantine(Runnable republish, MeterRegistry registry, Clock clock) {
    this.republish = republish;
    this.clock = clock;
    this.setAside = Counter.builder("breakwater.policies.rejected.by.proxies")
        .description("Policy generations set aside because a proxy rejected them")
        .register(registry);
    Gauge.builder("breakwater.policies.quarantined", this, NackQuarantine::quarantined)
        .description("Policies currently set aside because a proxy rejected them")
        .register(registry);
  }

  /** The policies currently set aside, with the condition message each carries. */
  public synchronized Map<PolicyKey, String> rejections() {
    Map<PolicyKey, String> out = new HashMap<>();
    rejected.forEach((k, r) -> out.put(k, r.describe()));
    return out;
  }

  private synchronized int quarantined() {
    return rejected.size();
  }

  /** Translation's input: set-aside and held-back policies replaced by what proxies run. */
  synchronized StoreView substitute(StoreView view) {
    Map<PolicyKey, Policy> served = new LinkedHashMap<>();
    List<Policy> policies = new ArrayList<>();
    Map<PolicyKey, PolicyEntry> present = new HashMap<>();
    for (PolicyEntry entry : view.entries()) {
      present.put(entry.key(), entry);
      if (!entry.isValid()) {
        continue;
      }
      Rejection r = rejected.get(entry.key());
      if (r != null && r.generation() != entry.generation()) {
        rejected.remove(entry.key());
        LOG.info("{} changed to generation {}: offered to the proxies again", entry.key(),
            entry.generation());
        r = null;
      }
      Optional<Policy> model = r != null ? r.fallback()
          : heldInstead(entry.key()).orElse(Optional.of(entry.policy()));
      model.ifPresent(m -> {
        policies.add(m);
        served.put(entry.key(), m);
      });
    }
    rejected.keySet().retainAll(present.keySet());
    held.forEach(g -> g.retainOnly(present.keySet()));
    translating = served;
    ClusterState state = view.state();
    return new StoreView(new ClusterState(policies, state.services(), state.endpointSlices()),
        view.entries());
  }

  /** The outcome users see: set-aside policies Rejected, held-back ones as they were. */
  synchronized TranslationOutcome adjust(TranslationOutcome outcome) {
    List<TranslatedPolicy> out = new ArrayList<>(outcome.policies().size());
    for (TranslatedPolicy p : outcome.policies()) {
      Rejection r = rejected.get(p.key());
      if (r != null && r.generation() == p.generation()) {
        out.add(new TranslatedPolicy(p.key(), p.generation(), p.policy(),
            List.of(PolicyCondition.isFalse(PolicyCondition.ACCEPTED, Rejection.REASON,
                r.describe())), List.of()));
      } else if (heldInstead(p.key()).isPresent()) {
        // a moment's hold: keep telling what was known before (nothing, for a new policy)
        TranslatedPolicy before = lastOutcomes.get(p.key());
        if (before != null) {
          out.add(before);
        }
      } else {
        out.add(p);
      }
    }
    return new TranslationOutcome(outcome.resources(), out);
  }

  /**
   * A snapshot is about to be served (before any proxy can answer it): remember what it serves;
   * a trial whose answer is already known moves on.
   */
  public void onServing(Published published) {
    boolean again;
    synchronized (this) {
      Map<XdsType, String> versions = new EnumMap<>(XdsType.class);
      for (XdsType type : SnapshotHistory.TYPES) {
        versions.put(type, published.version(type));
      }
      history.record(new Served(published.index(), versions, translating));
      Map<PolicyKey, TranslatedPolicy> outcomes = new HashMap<>();
      published.policies().forEach(p -> outcomes.put(p.key(), p));
      lastOutcomes = outcomes;
      again = trial != null && trial.publishedAt < 0 && started(published.index(), versions);
    }
    if (again) {
      republish.run();
    }
  }

  /**
   * The trial's snapshot is out. When its content of the type is what the proxy already refused
   * or already runs, the proxy will not be asked (it is not sent a version it holds): the
   * answer is known, and the trial moves on at once. Returns whether to publish again.
   */
  private boolean started(long index, Map<XdsType, String> versions) {
    trial.publishedAt = index;
    String version = versions.get(trial.type);
    if (version.equals(trial.refusedVersion)) {
      // what was held back did not touch the refused type: the rest carries the refusal
      return decide(trial.nodeId, trial.type, version, trial.runningVersion, trial.base,
          translating, trial.message);
    }
    if (version.equals(trial.runningVersion)) {
      nextTurn(trial.nodeId, version, translating);
      return true;
    }
    return false;
  }

  /** An ACK or NACK from any proxy. */
  public void onAnswer(ProxyAnswer answer) {
    boolean again = false;
    synchronized (this) {
      Served latest = history.latest().orElse(null);
      if (latest == null) {
        return;
      }
      if (answer.rejected()) {
        // a NACK of anything but the current version is already answered by a newer one
        if (answer.version().equals(latest.versions().get(answer.type()))
            && handled.add(answer.type() + "/" + answer.version() + "@" + latest.index())) {
          // once per published snapshot: other proxies refusing the same one add nothing
          Map<PolicyKey, Policy> base = running(answer);
          again = decide(answer.nodeId(), answer.type(), answer.version(), answer.previous(),
              base, latest.models(), answer.message());
        }
      } else if (trial != null && trial.type == answer.type() && trial.publishedAt >= 0
          && history.lastServing(answer.type(), answer.version()).map(Served::index)
              .orElse(-1L) >= trial.publishedAt) {
        // the proxy took what the trial let through: the newest held-back group's turn
        Served taken = history.lastServing(answer.type(), answer.version()).orElseThrow();
        nextTurn(answer.nodeId(), answer.version(), taken.models());
        again = true;
      }
    }
    if (again) {
      republish.run();
    }
  }

  /**
   * The models the refusing proxy runs: those of the version it took last, less the policies of
   * resources it asked for since (it runs nothing of them; see {@link ProxyAnswer#asked()}).
   */
  private Map<PolicyKey, Policy> running(ProxyAnswer nack) {
    Map<PolicyKey, Policy> base = new HashMap<>(history.lastServing(nack.type(), nack.previous())
        .map(Served::models).orElse(Map.of()));
    base.values().removeIf(p -> shapesAny(p, nack.asked()));
    return base;
  }

  /** Whether the policy shapes one of these resources: its Service's routes or clusters. */
  private static boolean shapesAny(Policy policy, Set<String> names) {
    if (names.isEmpty()) {
      return false;
    }
    String routes = EnvoyNames.routeConfiguration(policy);
    return names.stream().anyMatch(n -> n.equals(routes) || n.startsWith(routes + "/"));
  }

  /** Brings held-back changes back when a trial got no answer (the proxy went away). */
  public void tick() {
    boolean again;
    synchronized (this) {
      again = trial != null && trial.publishedAt >= 0
          && clock.instant().isAfter(trial.since.plus(TRIAL_TIMEOUT));
      if (again) {
        LOG.info("no proxy answered within {} s; held-back changes offered again",
            TRIAL_TIMEOUT.toSeconds());
        release();
      }
    }
    if (again) {
      republish.run();
    }
  }

  private void release() {
    held.clear();
    trial = null;
  }

  /**
   * What the trial let through was taken. When the newest held group was held as the other half
   * of a refused set, the refusal is in it: one policy is the culprit without asking again, more
   * are split again. Every other group carries nothing known against it and comes back at once
   * (a refusal among them starts a trial of its own).
   */
  private void nextTurn(String nodeId, String runningVersion, Map<PolicyKey, Policy> running) {
    HeldGroup group = held.pop();
    if (group.refusalInside && group.refused.size() > 1) {
      List<PolicyKey> keys = group.refused.keySet().stream().sorted().toList();
      held.push(group.part(keys.subList(keys.size() / 2, keys.size()), true));
    } else {
      if (group.refusalInside) {
        PolicyKey culprit = group.refused.keySet().iterator().next();
        setAside(culprit, group.refused.get(culprit), group.instead.get(culprit), group.nodeId,
            group.type, group.message);
      }
      held.clear();
    }
    trial = held.isEmpty() ? null : new Trial(nodeId, trial.type, null, runningVersion, running,
        trial.message, clock.instant());
  }

  private Optional<Optional<Policy>> heldInstead(PolicyKey key) {
    for (HeldGroup g : held) {
      if (g.instead.containsKey(key)) {
        return Optional.of(g.instead.get(key));
      }
    }
    return Optional.empty();
  }

  private void setAside(PolicyKey culprit, Policy refused, Optional<Policy> instead,
      String nodeId, XdsType type, String message) {
    Rejection r = new Rejection(refused.meta().generation(), nodeId, type,
        EnvoyMessages.shorten(message), instead);
    rejected.put(culprit, r);
    held.forEach(g -> g.remove(culprit));
    held.removeIf(HeldGroup::isEmpty);
    setAside.increment();
    LOG.warn("{} set aside: {}", culprit, r.describe());
  }

  /**
   * A proxy refused {@code models} while running {@code base}: set the culprit aside or hold half
   * of the suspects back. Returns whether to publish again.
   */
  private boolean decide(String nodeId, XdsType type, String version, String running,
      Map<PolicyKey, Policy> base, Map<PolicyKey, Policy> models, String message) {
    List<PolicyKey> changed = models.keySet().stream()
        .filter(k -> !Objects.equals(base.get(k), models.get(k))).sorted().toList();
    // nothing changed in the policies themselves (a Service did): any of them may carry it
    List<PolicyKey> candidates = changed.isEmpty()
        ? models.keySet().stream().sorted().toList() : changed;
    // Envoy repeats a NACK (same nonce) with every request until it takes something, and a
    // publish already under way when a policy was set aside still serves it: neither is news
    List<PolicyKey> suspects = candidates.stream()
        .filter(k -> !setAsideAt(k, models.get(k))).toList();
    if (suspects.isEmpty() && !candidates.isEmpty()) {
      LOG.debug("proxy {} rejected {} version {} again: its policies are set aside already",
          nodeId, type, version);
      return false;
    }
    if (suspects.isEmpty()) {
      LOG.warn("proxy {} rejected {} version {}, which carries no policy to set aside: {}",
          nodeId, type, version, EnvoyMessages.shorten(message));
      return false;
    }
    // what was let through was refused: that tells nothing about the groups held before
    held.forEach(g -> g.refusalInside = false);
    if (suspects.size() == 1) {
      PolicyKey culprit = suspects.get(0);
      setAside(culprit, models.get(culprit), instead(culprit, base, models), nodeId, type,
          message);
    } else {
      Map<PolicyKey, Policy> refused = new LinkedHashMap<>();
      Map<PolicyKey, Optional<Policy>> instead = new LinkedHashMap<>();
      for (PolicyKey k : suspects.subList(suspects.size() / 2, suspects.size())) {
        refused.put(k, models.get(k));
        instead.put(k, instead(k, base, models));
      }
      // if the first half is taken, the refusal is in this second half
      held.push(new HeldGroup(refused, instead, true, nodeId, type, message));
      LOG.debug("proxy {} rejected {} version {} with {} changed policies; {} held back to find"
          + " which", nodeId, type, version, suspects.size(), refused.size());
    }
    trial = held.isEmpty() ? null
        : new Trial(nodeId, type, version, running, base, message, clock.instant());
    return true;
  }

  private boolean setAsideAt(PolicyKey key, Policy model) {
    Rejection r = rejected.get(key);
    return r != null && model != null && r.generation() == model.meta().generation();
  }

  /**
   * What to serve in place of a suspect: the model the proxy runs, or nothing when it runs none
   * or runs this very model (then its presence, not a change, is what was refused).
   */
  private static Optional<Policy> instead(PolicyKey key, Map<PolicyKey, Policy> base,
      Map<PolicyKey, Policy> models) {
    Policy before = base.get(key);
    return before == null || before.equals(models.get(key)) ? Optional.empty()
        : Optional.of(before);
  }

  /** Policies held back together: what was refused of them and what is served instead. */
  private static final class HeldGroup {
    final Map<PolicyKey, Policy> refused;
    final Map<PolicyKey, Optional<Policy>> instead;
    /** Held as the other half of a refused set: if the rest is taken, the refusal is in here. */
    boolean refusalInside;
    final String nodeId;
    final XdsType type;
    final String message;

    HeldGroup(Map<PolicyKey, Policy> refused, Map<PolicyKey, Optional<Policy>> instead,
        boolean refusalInside, String nodeId, XdsType type, String message) {
      this.refused = new LinkedHashMap<>(refused);
      this.instead = new LinkedHashMap<>(instead);
      this.refusalInside = refusalInside;
      this.nodeId = nodeId;
      this.type = type;
      this.message = message;
    }

    /** These keys of the group, held on as a group of their own. */
    HeldGroup part(List<PolicyKey> keys, boolean refusalInside) {
      Map<PolicyKey, Policy> r = new LinkedHashMap<>();
      Map<PolicyKey, Optional<Policy>> i = new LinkedHashMap<>();
      keys.forEach(k -> {
        r.put(k, refused.get(k));
        i.put(k, instead.get(k));
      });
      return new HeldGroup(r, i, refusalInside, nodeId, type, message);
    }

    void remove(PolicyKey key) {
      refused.remove(key);
      instead.remove(key);
    }

    void retainOnly(Set<PolicyKey> keys) {
      refused.keySet().retainAll(keys);
      instead.keySet().retainAll(keys);
    }

    boolean isEmpty() {
      return refused.isEmpty();
    }
  }

  /** A refusal being narrowed down: who refused which version of what, running what. */
  private static final class Trial {
    final String nodeId;
    final XdsType type;
    /** The version last refused (null when the trial follows an ACK). */
    final String refusedVersion;
    /** The version the proxy runs, and its models. */
    final String runningVersion;
    final Map<PolicyKey, Policy> base;
    final String message;
    final Instant since;
    /** Index of the first snapshot published for this trial; -1 until then. */
    long publishedAt = -1;

    Trial(String nodeId, XdsType type, String refusedVersion, String runningVersion,
        Map<PolicyKey, Policy> base, String message, Instant since) {
      this.nodeId = nodeId;
      this.type = type;
      this.refusedVersion = refusedVersion;
      this.runningVersion = runningVersion;
      this.base = base;
      this.message = message;
      this.since = since;
    }
  }
}
