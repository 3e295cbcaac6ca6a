package dev.breakwater.operator;

import java.util.function.Consumer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election that a lost Lease does not end. fabric8's elector stops for good once its
 * leader cannot renew (an API server away for longer than the renew deadline), and JOSDK's
 * would then have the process exit; here the replica steps down to standby, keeps serving xDS,
 * and competes again with a new elector. Lease timings are JOSDK's defaults (15 s lease, 10 s
 * renew deadline, 2 s retry).
 */
final class LeaseElection implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LeaseElection.class);
  static final Duration LEASE = Duration.ofSeconds(15);
  private static final Duration RENEW_DEADLINE = Duration.ofSeconds(10);
  private static final Duration RETRY = Duration.ofSeconds(2);

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final String identity;
  private final Runnable onLead;
  private final Runnable onStandBy;
  private final Consumer<String> onNewLeader;
  private final ExecutorService callbacks = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "breakwater-lease");
    t.setDaemon(true);
    return t;
  });
  private final Thread loop;
  private volatile boolean closed;
  private volatile CompletableFuture<?> current;

  LeaseElection(KubernetesClient client, String namespace, String name, String identity,
      Runnable onLead, Runnable onStandBy, Consumer<String> onNewLeader) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.identity = identity;
    this.onLead = onLead;
    this.onStandBy = onStandBy;
    this.onNewLeader = onNewLeader;
    this.loop = new Thread(this::compete, "breakwater-lease-election");
    this.loop.setDaemon(true);
  }

  LeaseElection start() {
    loop.start();
    return this;
  }

  private void compete() {
    while (!closed) {
      LeaderElector elector = new LeaderElector(client, new LeaderElectionConfig(
          new LeaseLock(namespace, name, identity), LEASE, RENEW_DEADLINE, RETRY,
          new LeaderCallbacks(onLead, this::lost, id -> {
            LOG.info("leader is now {}", id);
            onNewLeader.accept(id);
          }),
          false, name), callbacks);
      current = elector.start();
      try {
        current.get();
      } catch (ExecutionException e) {
        LOG.debug("leader election ended: {}", e.getCause().toString());
      } catch (java.util.concurrent.CancellationException e) {
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (!closed) {
        pause();
      }
    }
  }

  private void lost() {
    if (closed) {
      return;
    }
    LOG.warn("lost the Lease {}/{} (not renewed in time): standing by, still serving xDS, and "
        + "competing for it again", namespace, name);
    onStandBy.run();
  }

  private void pause() {
    try {
      Thread.sleep(RETRY.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    CompletableFuture<?> running = current;
    if (running != null) {
      running.cancel(true);
    }
    loop.interrupt();
    callbacks.shutdownNow();
  }
}
