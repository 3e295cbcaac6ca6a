package dev.breakwater.operator.publish;

import dev.breakwater.operator.state.PolicyKey;
import dev.breakwater.operator.xds.XdsType;
import dev.breakwater.xds.snapshot.SnapshotFactory;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.route.v3.ScopedRouteConfiguration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One snapshot handed to the xDS cache, with the scopes handed to the SRDS server.
 *
 * @param index 1, 2, 3... in publish order; orders snapshots for the ACK tracking
 * @param scopesVersion a digest of the scopes, computed once per publish
 */
public record Published(long index, Snapshot snapshot, List<ScopedRouteConfiguration> scopes,
    String scopesVersion, List<TranslatedPolicy> policies, Instant at) {

  public Published {
    scopes = List.copyOf(scopes);
    policies = List.copyOf(policies);
  }

  public Published(long index, Snapshot snapshot, List<ScopedRouteConfiguration> scopes,
      List<TranslatedPolicy> policies, Instant at) {
    this(index, snapshot, scopes, new SnapshotFactory().scopesVersion(scopes), policies, at);
  }

  /** The version of {@code type} this snapshot serves. */
  public String version(XdsType type) {
    return type.cacheType().map(snapshot::version).orElse(scopesVersion);
  }

  public Optional<TranslatedPolicy> policy(PolicyKey key) {
    return policies.stream().filter(p -> p.key().equals(key)).findFirst();
  }
}
