package dev.breakwater.operator.publish;

import dev.breakwater.operator.state.PolicyKey;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.route.v3.ScopedRouteConfiguration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One snapshot handed to the xDS cache, with the scopes handed to the SRDS server.
 *
 * @param index 1, 2, 3... in publish order; orders snapshots for the ACK tracking
 */
public record Published(long index, Snapshot snapshot, List<ScopedRouteConfiguration> scopes,
    List<TranslatedPolicy> policies, Instant at) {

  public Published {
    scopes = List.copyOf(scopes);
    policies = List.copyOf(policies);
  }

  public Optional<TranslatedPolicy> policy(PolicyKey key) {
    return policies.stream().filter(p -> p.key().equals(key)).findFirst();
  }
}
