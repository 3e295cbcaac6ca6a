package dev.breakwater.operator.xds;

import dev.breakwater.operator.publish.TranslatedPolicy;
import dev.breakwater.operator.publish.Published;
import dev.breakwater.operator.state.PolicyKey;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Remembers, per policy, the first snapshot that carried its current shape (generation, accepted,
 * clusters). A proxy runs the policy once it ACKed, for every type, a version served at or after
 * that snapshot. Endpoint churn does not move it: the policy itself did not change.
 */
public final class RolloutTracker {

  private final Map<PolicyKey, Rollout> rollouts = new HashMap<>();

  public synchronized void onPublished(Published published) {
    Set<PolicyKey> present = new HashSet<>();
    for (TranslatedPolicy p : published.policies()) {
      present.add(p.key());
      Shape shape = new Shape(p.generation(), p.accepted(), p.clusters());
      Rollout current = rollouts.get(p.key());
      if (current == null || !current.shape.equals(shape)) {
        rollouts.put(p.key(), new Rollout(shape, published.index(), published.at()));
      }
    }
    rollouts.keySet().retainAll(present);
  }

  /** Index of the first snapshot with the policy's current shape; Long.MAX_VALUE if unknown. */
  public synchronized long introducedAt(PolicyKey key) {
    Rollout r = rollouts.get(key);
    return r == null ? Long.MAX_VALUE : r.introducedAt;
  }

  private record Shape(long generation, boolean accepted, List<String> clusters) {}

  /** When the first snapshot with the policy's current shape was published; null if unknown. */
  public synchronized java.time.Instant introducedTime(PolicyKey key) {
    Rollout r = rollouts.get(key);
    return r == null ? null : r.publishedAt;
  }

  private record Rollout(Shape shape, long introducedAt, java.time.Instant publishedAt) {}
}
