package dev.breakwater.operator.stats;

import dev.breakwater.operator.state.PolicyKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Lets a policy's reported live state change at most once per interval, so stats (which move with
 * every flush under traffic) cannot turn into a status write per flush. A change held back is
 * reported by the first evaluation after the interval has passed.
 */
public final class LiveStateThrottle {

  private final Duration interval;
  private final Map<PolicyKey, Adopted> adopted = new HashMap<>();

  public LiveStateThrottle(Duration interval) {
    this.interval = interval;
  }

  /** The live state to report now: the candidate, or the previous one while held back. */
  public synchronized LiveState adopt(PolicyKey key, LiveState candidate, Instant now) {
    Adopted current = adopted.get(key);
    if (current != null && Objects.equals(current.state, candidate)) {
      return current.state;
    }
    if (current == null || !now.isBefore(current.at.plus(interval))) {
      adopted.put(key, new Adopted(candidate, now));
      return candidate;
    }
    return current.state;
  }

  public synchronized void retainOnly(Set<PolicyKey> keys) {
    adopted.keySet().retainAll(keys);
  }

  private record Adopted(LiveState state, Instant at) {}
}
