package dev.breakwater.operator.debug;

import dev.breakwater.operator.publish.NodeGroups;
import dev.breakwater.operator.xds.ScopedRoutesServer;
import dev.breakwater.operator.xds.XdsType;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import java.util.EnumMap;
import java.util.Map;

/** The version of each xDS type this replica serves right now: what a proxy should have ACKed. */
public final class ServedVersions {

  private final SimpleCache<String> cache;
  private final ScopedRoutesServer scopedRoutes;

  public ServedVersions(SimpleCache<String> cache, ScopedRoutesServer scopedRoutes) {
    this.cache = cache;
    this.scopedRoutes = scopedRoutes;
  }

  /** Empty for the cache's types before the first snapshot. */
  public Map<XdsType, String> current() {
    Map<XdsType, String> out = new EnumMap<>(XdsType.class);
    Snapshot snapshot = cache.getSnapshot(NodeGroups.ALL);
    for (XdsType type : XdsType.values()) {
      if (type.cacheType().isEmpty()) {
        scopedRoutes.version().ifPresent(v -> out.put(type, v));
      } else if (snapshot != null) {
        out.put(type, snapshot.version(type.cacheType().get()));
      }
    }
    return out;
  }
}
