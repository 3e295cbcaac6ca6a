package dev.breakwater.operator.quarantine;

import dev.breakwater.operator.xds.XdsType;
import dev.breakwater.operator.state.PolicyKey;
import dev.breakwater.xds.model.Policy;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * What the recent snapshots served: per snapshot, each type's version and the model of every
 * policy translated into it (which, while a change is set aside, is not the store's). A proxy's
 * last ACKed version finds the snapshot it runs, so the difference to a rejected snapshot is
 * exactly the changes it refused.
 */
final class ServedHistory {

  static final int KEPT = 128;

  /** One published snapshot. */
  record Served(long index, Map<XdsType, String> versions, Map<PolicyKey, Policy> models) {
    Served {
      versions = Map.copyOf(versions);
      models = Map.copyOf(models);
    }
  }

  private final Deque<Served> served = new ArrayDeque<>();

  void record(Served snapshot) {
    served.addLast(snapshot);
    while (served.size() > KEPT) {
      served.removeFirst();
    }
  }

  Optional<Served> latest() {
    return Optional.ofNullable(served.peekLast());
  }

  /** The latest snapshot serving {@code version} of {@code type}. */
  Optional<Served> lastServing(XdsType type, String version) {
    if (version == null) {
      return Optional.empty();
    }
    for (Iterator<Served> it = served.descendingIterator(); it.hasNext(); ) {
      Served s = it.next();
      if (version.equals(s.versions().get(type))) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
