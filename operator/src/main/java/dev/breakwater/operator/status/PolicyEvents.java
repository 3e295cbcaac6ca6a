package dev.breakwater.operator.status;

import dev.breakwater.crds.v1alpha1.PolicyStatus;
import dev.breakwater.operator.state.PolicyKey;
import dev.breakwater.operator.xds.ProgrammedEvaluator;
import dev.breakwater.xds.translate.PolicyCondition;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Kubernetes Events for what changed in a policy's status, so `kubectl describe` tells the story
 * (rejected by a proxy, breaker opened, endpoints unhealthy) without reading status history.
 *
 * <ul>
 *   <li>Only transitions are recorded, against what was last reported (at first, the status the
 *       object already carried, so a restart of the operator does not repeat them).
 *   <li>Transitions a proxy connecting or disconnecting causes are recorded only once they
 *       last: {@code Programmed=False} with reason {@code Pending} or {@code NoProxies} after
 *       {@link #HOLD}, as a Normal Event; one that is over by then is not news. A rejection
 *       ({@code Rejected}) is a Warning at once.
 *   <li>Repeats are aggregated into one Event per policy, type and reason, whose count grows
 *       ({@link EventLog}).
 * </ul>
 */
public final class PolicyEvents {

  static final Duration HOLD = Duration.ofSeconds(30);
  private static final String STATE = "state";
  private static final Set<String> WARNING_STATES = Set.of("Open", "Unhealthy", "Degraded");
  private static final Set<String> PASSING_REASONS = Set.of(ProgrammedEvaluator.REASON_PENDING,
      ProgrammedEvaluator.REASON_NO_PROXIES);

  /** Where Events go: the API server ({@link EventLog}), or a test's list. */
  public interface EventSink {
    void write(PolicyKey key, String uid, Change change);

    /** Forget what was written for policies that are gone. */
    default void retainOnly(Set<PolicyKey> present) {}
  }

  private final EventSink log;
  private final Clock clock;
  private final Map<PolicyKey, Tracked> policies = new HashMap<>();
  /** Policies with a held transition. */
  private final Set<PolicyKey> holding = new HashSet<>();

  /** Events written to the API server on a thread of their own (never the status thread's). */
  public PolicyEvents(KubernetesClient client, Clock clock) {
    this(new BackgroundEventSink(new EventLog(client, clock)), clock);
  }

  PolicyEvents(EventSink log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  /** An Event to write: Normal or Warning, a CamelCase reason, a sentence. */
  public record Change(String type, String reason, String message) {}

  /** A status was written: record its transitions, or hold those that must last first. */
  synchronized void record(PolicyKey key, String uid, PolicyStatus previous,
      PolicyStatus current) {
    Tracked tracked = policies.computeIfAbsent(key, k -> new Tracked(previous));
    tracked.uid = uid;
    Instant now = clock.instant();
    for (Map.Entry<String, Aspect> e : aspects(current).entrySet()) {
      String name = e.getKey();
      Aspect is = e.getValue();
      String reported = tracked.reported.get(name);
      if (is.value().equals(reported)) {
        tracked.held.remove(name);
        continue;
      }
      Change change = change(name, reported, is);
      if (change == null) {
        tracked.reported.put(name, is.value());
        tracked.held.remove(name);
      } else if (mustLast(name, is)) {
        Held before = tracked.held.get(name);
        Instant since = before != null && before.value().equals(is.value()) ? before.since() : now;
        tracked.held.put(name, new Held(is.value(), change, since));
        holding.add(key);
      } else {
        tracked.held.remove(name);
        tracked.reported.put(name, is.value());
        log.write(key, uid, change);
      }
    }
  }

  /** Writes the held transitions that have now lasted {@link #HOLD}; called every second. */
  synchronized void flush() {
    Instant now = clock.instant();
    // only the policies holding something: a pass over ten thousand policies runs many times a
    // second while proxies ACK
    holding.removeIf(key -> {
      Tracked tracked = policies.get(key);
      if (tracked == null) {
        return true;
      }
      tracked.held.entrySet().removeIf(e -> {
        Held held = e.getValue();
        if (Duration.between(held.since(), now).compareTo(HOLD) < 0) {
          return false;
        }
        tracked.reported.put(e.getKey(), held.value());
        log.write(key, tracked.uid, held.change());
        return true;
      });
      return tracked.held.isEmpty();
    });
  }

  synchronized void retainOnly(Set<PolicyKey> present) {
    policies.keySet().retainAll(present);
    holding.retainAll(present);
    log.retainOnly(present);
  }

  private static boolean mustLast(String aspect, Aspect is) {
    return aspect.equals(PolicyCondition.PROGRAMMED) && is.condition() != null
        && "False".equals(is.condition().getStatus())
        && PASSING_REASONS.contains(is.condition().getReason());
  }

  /** The Event for a transition from {@code reported}, or null when it is not news. */
  static Change change(String aspect, String reported, Aspect is) {
    if (aspect.equals(STATE)) {
      if (reported == null && "Closed".equals(is.value())) {
        return null;
      }
      return new Change(WARNING_STATES.contains(is.value()) ? "Warning" : "Normal",
          "State" + is.value(),
          "state " + (reported == null || reported.isEmpty() ? "(none)" : reported)
              + " -> " + is.value());
    }
    Condition c = is.condition();
    boolean isTrue = "True".equals(c.getStatus());
    if (reported == null && isTrue) {
      return null; // a new policy being accepted is not news; its problems are
    }
    if (aspect.equals(PolicyCondition.PROGRAMMED)
        && ProgrammedEvaluator.REASON_NOT_ACCEPTED.equals(c.getReason())) {
      return null; // Accepted=False says it already
    }
    boolean warning = "False".equals(c.getStatus()) && !PASSING_REASONS.contains(c.getReason());
    return new Change(warning ? "Warning" : "Normal", c.getReason(),
        c.getType() + "=" + c.getStatus() + ": " + c.getMessage());
  }

  /** What can change in a status: each condition type (status and reason), and the state. */
  static Map<String, Aspect> aspects(PolicyStatus status) {
    Map<String, Aspect> out = new LinkedHashMap<>();
    if (status == null) {
      return out;
    }
    for (Condition c : status.getConditions() == null ? List.<Condition>of()
        : status.getConditions()) {
      out.put(c.getType(), new Aspect(c.getStatus() + "/" + c.getReason(), c));
    }
    String state = status.getState();
    if (state != null && !state.isEmpty()) {
      out.put(STATE, new Aspect(state, null));
    }
    return out;
  }

  /** @param condition null for the state */
  record Aspect(String value, Condition condition) {}

  private record Held(String value, Change change, Instant since) {}

  private static final class Tracked {
    final Map<String, String> reported = new HashMap<>();
    final Map<String, Held> held = new HashMap<>();
    String uid;

    Tracked(PolicyStatus onObject) {
      aspects(onObject).forEach((name, aspect) -> reported.put(name, aspect.value()));
    }
  }

  /** The transitions between two statuses of one policy, held ones included (for tests). */
  static List<Change> changes(PolicyStatus previous, PolicyStatus current) {
    Map<String, Aspect> before = aspects(previous);
    List<Change> out = new ArrayList<>();
    aspects(current).forEach((name, is) -> {
      Aspect was = before.get(name);
      if (was == null || !Objects.equals(was.value(), is.value())) {
        Change c = change(name, was == null ? null : was.value(), is);
        if (c != null) {
          out.add(c);
        }
      }
    });
    return out;
  }
}
