package dev.breakwater.operator;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the Lease up when a leader stops. JOSDK stops renewing it but leaves this replica as its
 * holder, so without this a standby waits for the Lease to expire (15 s without a status writer,
 * on every rolling update); fabric8's elector takes a Lease with an empty holder at its next try.
 */
final class LeaseRelease implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LeaseRelease.class);

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final String identity;

  LeaseRelease(KubernetesClient client, String namespace, String name, String identity) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.identity = identity;
  }

  /** Call after leader election stopped: a renewal must not take the Lease back. */
  @Override
  public void close() {
    try {
      Lease lease = client.leases().inNamespace(namespace).withName(name).get();
      if (lease == null || lease.getSpec() == null
          || !identity.equals(lease.getSpec().getHolderIdentity())) {
        return;
      }
      lease.getSpec().setHolderIdentity("");
      // an update carries the resourceVersion read: a Lease taken over meanwhile is left alone
      client.leases().inNamespace(namespace).resource(lease).update();
      LOG.info("gave up Lease {}/{}", namespace, name);
    } catch (KubernetesClientException e) {
      LOG.warn("Lease {}/{} not given up (the next leader waits for it to expire): {}",
          namespace, name, e.getMessage());
    }
  }
}
