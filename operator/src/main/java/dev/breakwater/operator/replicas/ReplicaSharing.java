package dev.breakwater.operator.replicas;

import dev.breakwater.operator.debug.ProxyView;
import dev.breakwater.operator.stats.ProxyStatsStore;
import dev.breakwater.operator.xds.ConnectedProxies;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How replicas that all serve xDS share what their Envoys tell them: a standby reports its own
 * proxies ({@link ReplicaReportWriter}); once leading, a replica stops reporting and reads every
 * other replica's report ({@link ReplicaReports}), so status counts the whole fleet.
 */
public final class ReplicaSharing implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReplicaSharing.class);

  private final Supplier<ReplicaReportWriter> writers;
  private ReplicaReportWriter writer;
  private final ReplicaReports reports;
  private final FleetProxies fleet;

  /**
   * @param replica this replica's name (its pod's name)
   * @param local this replica's own proxies
   * @param stats this replica's stats store; the leader feeds the reported streams into it
   */
  public ReplicaSharing(KubernetesClient client, ReportObjects objects, String replica,
      ConnectedProxies local, ProxyStatsStore stats, MeterRegistry registry, Clock clock) {
    writers = () -> new ReplicaReportWriter(client, objects, replica, local, stats, registry,
        clock);
    writer = writers.get();
    reports = new ReplicaReports(client, objects, writer.objectName(), stats, clock);
    fleet = new FleetProxies(local, reports);
  }

  /** What the report carries for {@code breakwater proxies} on other replicas. */
  public void reportViews(Supplier<List<ProxyView>> views) {
    writer.reportViews(views);
  }

  /** Starts reporting, as a standby does until it leads. */
  public synchronized void start() {
    writer.start();
  }

  /** This replica lost the Lease: it stops reading the others' reports and reports again. */
  public synchronized void standBy() {
    reports.stop();
    writer.stop();
    writer = writers.get().start();
  }

  /** Every proxy of every replica (only complete once leading). */
  public ConnectedProxies proxies() {
    return fleet;
  }

  /** Called when another replica's report arrives, changes or goes. */
  public void onChange(Runnable listener) {
    reports.onChange(listener);
  }

  /** This replica leads now: it stops reporting and reads the others' reports. */
  public synchronized void lead() {
    writer.stop();
    try {
      reports.start();
    } catch (RuntimeException e) {
      LOG.error("replica reports not readable; status counts only this replica's proxies", e);
    }
  }

  @Override
  public synchronized void close() {
    reports.close();
    writer.close();
  }
}
