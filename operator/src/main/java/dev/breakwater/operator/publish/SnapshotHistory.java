package dev.breakwater.operator.publish;

import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * For every resource type, the last snapshot index at which each version was served. A proxy that
 * ACKed version v of a type runs that type's content as of snapshot {@code lastIndex(type, v)}:
 * the same version means the same content, whichever snapshot it came with.
 */
public final class SnapshotHistory {

  /** The xDS types a Breakwater snapshot carries. */
  public static final List<ResourceType> TYPES =
      List.of(ResourceType.CLUSTER, ResourceType.ENDPOINT, ResourceType.LISTENER,
          ResourceType.ROUTE);

  private static final int VERSIONS_KEPT = 512;

  private final Map<ResourceType, LinkedHashMap<String, Long>> lastIndex =
      new EnumMap<>(ResourceType.class);
  private final Map<ResourceType, Integer> currentSize = new EnumMap<>(ResourceType.class);

  public SnapshotHistory() {
    for (ResourceType type : TYPES) {
      lastIndex.put(type, new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
          return size() > VERSIONS_KEPT;
        }
      });
    }
  }

  public synchronized void record(long index, Snapshot snapshot) {
    for (ResourceType type : TYPES) {
      LinkedHashMap<String, Long> versions = lastIndex.get(type);
      String version = snapshot.version(type);
      versions.remove(version); // re-insert so eviction drops the least recently served
      versions.put(version, index);
      currentSize.put(type, snapshot.resources(type).size());
    }
  }

  public synchronized OptionalLong lastIndex(ResourceType type, String version) {
    Long index = version == null ? null : lastIndex.get(type).get(version);
    return index == null ? OptionalLong.empty() : OptionalLong.of(index);
  }

  /** Resources of the type in the latest snapshot (0 before the first). */
  public synchronized int currentSize(ResourceType type) {
    return currentSize.getOrDefault(type, 0);
  }
}
