package dev.breakwater.operator.replicas;

import dev.breakwater.operator.publish.Scheduler;
import dev.breakwater.operator.stats.ProxyStatsStore;
import dev.breakwater.operator.stats.StreamSamples;
import dev.breakwater.operator.xds.ConnectedProxies;
import dev.breakwater.operator.xds.ProxyState;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's side of shared status: watches the other replicas' reports, offers their proxies
 * for counting and feeds their stats into the leader's stats store, each remote metrics stream
 * under its own key, so live state is computed over every proxy of every replica. A report not
 * renewed for {@link #STALE} belongs to a replica that died without removing it and is dropped.
 */
public final class ReplicaReports implements ConnectedProxies, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReplicaReports.class);
  static final Duration STALE = Duration.ofSeconds(30);
  private static final Duration PRUNE_EVERY = Duration.ofSeconds(5);

  private final KubernetesClient client;
  private final ReportObjects objects;
  private final String ownObjectName;
  private final ProxyStatsStore stats;
  private final Clock clock;
  private final ReplicaReportCodec codec = new ReplicaReportCodec();
  private final Map<String, ReplicaReport> reports = new HashMap<>();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService executor;
  private SharedIndexInformer<ConfigMap> informer;
  private boolean pruning;

  public ReplicaReports(KubernetesClient client, ReportObjects objects, String ownObjectName,
      ProxyStatsStore stats, Clock clock) {
    this.client = client;
    this.objects = objects;
    this.ownObjectName = ownObjectName;
    this.stats = stats;
    this.clock = clock;
    this.executor = Scheduler.daemonThread("breakwater-replica-reports");
  }

  /** Called whenever a report arrives, changes or goes. */
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  /** Returns once the existing reports are read. */
  public synchronized void start() {
    if (informer != null) {
      return;
    }
    informer = client.configMaps().inNamespace(objects.namespace())
        .withLabel(ReportObjects.LABEL, objects.group())
        .inform(new ResourceEventHandler<>() {
          @Override
          public void onAdd(ConfigMap map) {
            accept(map);
          }

          @Override
          public void onUpdate(ConfigMap old, ConfigMap map) {
            accept(map);
          }

          @Override
          public void onDelete(ConfigMap map, boolean finalStateUnknown) {
            drop(map.getMetadata().getName());
          }
        }, 0);
    if (!pruning) {
      pruning = true;
      executor.scheduleWithFixedDelay(this::prune, PRUNE_EVERY.toMillis(),
          PRUNE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Stops reading reports (this replica stands by again) and forgets what they said. */
  public void stop() {
    List<String> names;
    synchronized (this) {
      if (informer != null) {
        informer.close();
        informer = null;
      }
      names = new ArrayList<>(reports.keySet());
    }
    names.forEach(this::drop);
  }

  /** The proxies other replicas serve, from reports still renewed. */
  @Override
  public synchronized List<ProxyState> proxies() {
    List<ProxyState> out = new ArrayList<>();
    reports.values().forEach(r -> out.addAll(r.proxies()));
    return out;
  }

  private void accept(ConfigMap map) {
    String name = map.getMetadata().getName();
    if (name.equals(ownObjectName)) {
      return;
    }
    String data = ReportObjects.data(map);
    ReplicaReport report;
    try {
      report = codec.decode(data == null ? "" : data);
    } catch (IllegalArgumentException e) {
      LOG.warn("replica report {} ignored: {}", name, e.getMessage());
      drop(name);
      return;
    }
    if (isStale(report)) {
      drop(name);
      return;
    }
    synchronized (this) {
      ReplicaReport previous = reports.put(name, report);
      if (previous != null) {
        Set<String> current = report.streams().stream().map(StreamSamples::streamId)
            .collect(Collectors.toSet());
        previous.streams().stream().map(StreamSamples::streamId)
            .filter(id -> !current.contains(id))
            .forEach(id -> stats.remove(key(name, id)));
      }
      for (StreamSamples s : report.streams()) {
        stats.update(key(name, s.streamId()), s.nodeId(), s.samples());
      }
    }
    changed();
  }

  private void drop(String name) {
    ReplicaReport gone;
    synchronized (this) {
      gone = reports.remove(name);
      if (gone != null) {
        gone.streams().forEach(s -> stats.remove(key(name, s.streamId())));
      }
    }
    if (gone != null) {
      LOG.info("replica report {} gone: its {} proxies are no longer counted", name,
          gone.proxies().size());
      changed();
    }
  }

  private void prune() {
    List<String> stale;
    synchronized (this) {
      stale = reports.entrySet().stream().filter(e -> isStale(e.getValue()))
          .map(Map.Entry::getKey).toList();
    }
    stale.forEach(this::drop);
  }

  private boolean isStale(ReplicaReport report) {
    return clock.millis() - report.renewedAtMillis() > STALE.toMillis();
  }

  private static String key(String report, String streamId) {
    return report + "/" + streamId;
  }

  private void changed() {
    listeners.forEach(Runnable::run);
  }

  @Override
  public synchronized void close() {
    executor.shutdownNow();
    if (informer != null) {
      informer.close();
    }
  }
}
