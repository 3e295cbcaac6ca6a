package dev.breakwater.operator.xds;

import dev.breakwater.operator.publish.NodeGroups;
import io.envoyproxy.controlplane.cache.VersionedResource;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import java.util.HashMap;
import java.util.Map;

/** {@link DeltaBaseline} against the snapshot the cache serves now. */
public final class CacheDeltaBaseline implements DeltaBaseline {

  private final SimpleCache<String> cache;

  public CacheDeltaBaseline(SimpleCache<String> cache) {
    this.cache = cache;
  }

  @Override
  public String versionHolding(XdsType type, Map<String, String> held) {
    Snapshot snapshot = cache.getSnapshot(NodeGroups.ALL);
    if (snapshot == null || type == null || type.cacheType().isEmpty()) {
      return null; // scoped routes are not delta (their own SotW stream)
    }
    Map<String, String> served = new HashMap<>();
    for (Map.Entry<String, VersionedResource<?>> e : snapshot.versionedResources(type.cacheType().get())
        .entrySet()) {
      served.put(e.getKey(), e.getValue().version());
    }
    // a proxy subscribed to some names (EDS, RDS) holds those; a wildcard one holds them all
    boolean all = type.wildcard();
    boolean same = all ? served.equals(held)
        : held.entrySet().stream().allMatch(e -> e.getValue().equals(served.get(e.getKey())));
    return same ? snapshot.version(type.cacheType().get()) : null;
  }
}
