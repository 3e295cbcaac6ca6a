package dev.breakwater.operator.replicas;

import dev.breakwater.operator.debug.ProxyView;
import dev.breakwater.operator.publish.Scheduler;
import dev.breakwater.operator.stats.ProxyStatsStore;
import dev.breakwater.operator.xds.ConnectedProxies;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import net.logstash.logback.argument.StructuredArguments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standby replica's side of shared status: once a second, when its proxies' ACK state or stats
 * changed (and at least every {@link #HEARTBEAT} so the leader knows it is alive), it writes its
 * report with server-side apply. Stats move with every Envoy flush, so under traffic this is one
 * small write per second per standby replica.
 */
public final class ReplicaReportWriter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReplicaReportWriter.class);
  static final Duration INTERVAL = Duration.ofSeconds(1);
  static final Duration HEARTBEAT = Duration.ofSeconds(10);
  private static final String FIELD_MANAGER = "breakwater";

  private final KubernetesClient client;
  private final ReportObjects objects;
  private final String replica;
  private final ConnectedProxies proxies;
  private final ProxyStatsStore stats;
  private final Clock clock;
  private final ReplicaReportCodec codec = new ReplicaReportCodec();
  private final Counter failures;
  private final ScheduledExecutorService executor;
  private ReplicaReport written;
  private Instant writtenAt = Instant.EPOCH;
  private boolean stopped;
  private boolean failing;
  private volatile Supplier<List<ProxyView>> views = List::of;

  public ReplicaReportWriter(KubernetesClient client, ReportObjects objects, String replica,
      ConnectedProxies proxies, ProxyStatsStore stats, MeterRegistry registry, Clock clock) {
    this.client = client;
    this.objects = objects;
    this.replica = replica;
    this.proxies = proxies;
    this.stats = stats;
    this.clock = clock;
    this.failures = Counter.builder("breakwater.replica.report.failures")
        .description("Reports of this replica's proxies the leader could not be given")
        .register(registry);
    this.executor = Scheduler.daemonThread("breakwater-replica-report");
  }

  public synchronized ReplicaReportWriter start() {
    if (stopped) {
      return this; // leadership came first (while the informers were still listing)
    }
    // a lone replica wins the Lease well within the first interval and never needs to report
    executor.scheduleWithFixedDelay(this::tick, INTERVAL.toMillis(), INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
    return this;
  }

  /** Also report the proxies as {@code breakwater proxies} shows them. */
  public void reportViews(Supplier<List<ProxyView>> source) {
    this.views = source;
  }

  /** The name of this replica's report object. */
  public String objectName() {
    return objects.objectName(replica);
  }

  private synchronized void tick() {
    if (stopped) {
      return;
    }
    Instant now = clock.instant();
    ReplicaReport report = new ReplicaReport(objectName(), now.toEpochMilli(), proxies.proxies(),
        stats.latest(), views.get());
    if (report.sameContent(written) && now.isBefore(writtenAt.plus(HEARTBEAT))) {
      return;
    }
    try {
      ConfigMap map = objects.toConfigMap(objectName(), codec.encode(report));
      client.configMaps().inNamespace(objects.namespace()).resource(map)
          .fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
      written = report;
      writtenAt = now;
      if (failing) {
        LOG.info("report of this replica's proxies written again");
        failing = false;
      }
    } catch (KubernetesClientException | IllegalArgumentException e) {
      failures.increment();
      // retried every second: one line per outage, not one per attempt
      if (!failing) {
        LOG.warn("report of this replica's {} proxies not written (retrying): {}",
            StructuredArguments.v("proxies", report.proxies().size()),
            StructuredArguments.v("error", e.getMessage()));
        failing = true;
      }
    }
  }

  /**
   * Stops writing and removes the report: this replica leads now (it reads its own proxies
   * directly) or is shutting down (its proxies will reconnect elsewhere).
   */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    executor.shutdownNow();
    try {
      client.configMaps().inNamespace(objects.namespace()).withName(objectName()).delete();
    } catch (KubernetesClientException e) {
      LOG.warn("report {} not removed: {}", objectName(), e.getMessage());
    }
  }

  @Override
  public void close() {
    stop();
  }
}
