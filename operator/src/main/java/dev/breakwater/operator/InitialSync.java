package dev.breakwater.operator;

import dev.breakwater.crds.v1alpha1.CircuitBreakerPolicy;
import dev.breakwater.crds.v1alpha1.HealthCheck;
import dev.breakwater.crds.v1alpha1.RateLimitPolicy;
import dev.breakwater.operator.state.ClusterStateStore;
import dev.breakwater.operator.state.PolicyKey;
import dev.breakwater.xds.model.PolicyKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the first publish until every policy that exists has been reconciled into the store. A
 * restarted operator must not serve a partial snapshot: Envoy would drop the clusters of the
 * policies not read yet. Bounded: after the timeout it publishes what it has.
 */
final class InitialSync {

  private static final Logger LOG = LoggerFactory.getLogger(InitialSync.class);
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final Duration RELIST = Duration.ofSeconds(2);

  private final KubernetesClient client;
  private final Set<String> namespaces;
  private final ClusterStateStore store;

  InitialSync(KubernetesClient client, Set<String> namespaces, ClusterStateStore store) {
    this.client = client;
    this.namespaces = namespaces;
    this.store = store;
  }

  /** @return true when every policy was seen, false on timeout */
  boolean await(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long relistAt = 0;
    Set<PolicyKey> expected = Set.of();
    while (System.nanoTime() < deadline) {
      if (System.nanoTime() >= relistAt) {
        // listed again now and then: a policy deleted meanwhile is never reconciled
        expected = existing();
        relistAt = System.nanoTime() + RELIST.toNanos();
      }
      if (expected.stream().allMatch(store::containsPolicy)) {
        LOG.info("initial sync: {} policies read", expected.size());
        return true;
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
    LOG.warn("initial sync timed out after {}; publishing what was read", timeout);
    return false;
  }

  private Set<PolicyKey> existing() {
    Set<PolicyKey> keys = new HashSet<>();
    add(keys, PolicyKind.CircuitBreakerPolicy, CircuitBreakerPolicy.class);
    add(keys, PolicyKind.RateLimitPolicy, RateLimitPolicy.class);
    add(keys, PolicyKind.HealthCheck, HealthCheck.class);
    return keys;
  }

  private <T extends HasMetadata> void add(Set<PolicyKey> keys, PolicyKind kind,
      Class<T> type) {
    List<T> items;
    if (namespaces.isEmpty()) {
      items = client.resources(type).inAnyNamespace().list().getItems();
    } else {
      items = namespaces.stream()
          .flatMap(ns -> client.resources(type).inNamespace(ns).list().getItems().stream())
          .toList();
    }
    items.forEach(i -> keys.add(new PolicyKey(kind, i.getMetadata().getNamespace(),
        i.getMetadata().getName())));
  }
}
