package dev.breakwater.operator.publish;

import dev.breakwater.operator.xds.XdsType;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * For every xDS type, the last snapshot index at which each version was served. A proxy that
 * ACKed version v of a type runs that type's content as of snapshot {@code lastIndex(type, v)}:
 * the same version means the same content, whichever snapshot it came with.
 */
public final class SnapshotHistory {

  /** The xDS types a Breakwater snapshot carries. */
  public static final List<XdsType> TYPES = List.of(XdsType.values());

  private static final int VERSIONS_KEPT = 512;

  private final Map<XdsType, LinkedHashMap<String, Long>> lastIndex =
      new EnumMap<>(XdsType.class);

  public SnapshotHistory() {
    for (XdsType type : TYPES) {
      lastIndex.put(type, new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
          return size() > VERSIONS_KEPT;
        }
      });
    }
  }

  /** @param scopesVersion the version of the scopes served with {@code snapshot} */
  public synchronized void record(long index, Snapshot snapshot, String scopesVersion) {
    for (XdsType type : TYPES) {
      LinkedHashMap<String, Long> versions = lastIndex.get(type);
      String version = type.cacheType().map(snapshot::version).orElse(scopesVersion);
      versions.remove(version); // re-insert so eviction drops the least recently served
      versions.put(version, index);
    }
  }

  public synchronized OptionalLong lastIndex(XdsType type, String version) {
    Long index = version == null ? null : lastIndex.get(type).get(version);
    return index == null ? OptionalLong.empty() : OptionalLong.of(index);
  }
}
