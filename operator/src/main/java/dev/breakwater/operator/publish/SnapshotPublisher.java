package dev.breakwater.operator.publish;

import dev.breakwater.operator.state.ClusterStateStore;
import dev.breakwater.operator.xds.ScopedRoutesServer;
import io.envoyproxy.envoy.config.route.v3.ScopedRouteConfiguration;
import dev.breakwater.xds.snapshot.SnapshotFactory;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns store changes into xDS snapshots: coalesces bursts, translates (isolating failing
 * policies), builds a snapshot and sets it for the one node group every proxy belongs to, then
 * hands the scopes to the SRDS server. When
 * translation or snapshot building fails as a whole, the last good snapshot stays served.
 */
public final class SnapshotPublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotPublisher.class);

  private final ClusterStateStore store;
  private final PolicyTranslation translator;
  private final SnapshotFactory snapshots;
  private final SimpleCache<String> cache;
  private final ScopedRoutesServer scopedRoutes;
  private final SnapshotHistory history;
  private final Clock clock;
  private final ScheduledExecutorService executor;
  private final CoalescingTrigger trigger;
  private final Timer publishTimer;
  private final Timer translationTimer;
  private final Counter failures;
  private final AtomicReference<Published> latest = new AtomicReference<>();
  private final List<Consumer<Published>> listeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<Published>> servingListeners = new CopyOnWriteArrayList<>();
  private long index;

  public SnapshotPublisher(
      ClusterStateStore store,
      PolicyTranslation translator,
      SnapshotFactory snapshots,
      SimpleCache<String> cache,
      ScopedRoutesServer scopedRoutes,
      SnapshotHistory history,
      MeterRegistry registry,
      Duration window,
      Clock clock) {
    this.store = store;
    this.translator = translator;
    this.snapshots = snapshots;
    this.cache = cache;
    this.scopedRoutes = scopedRoutes;
    this.history = history;
    this.clock = clock;
    this.executor = Scheduler.daemonThread("breakwater-publisher");
    this.trigger = new CoalescingTrigger(Scheduler.of(executor), window, this::publish, false);
    this.publishTimer = Timer.builder("breakwater.xds.snapshot.publish")
        .description("Time to translate the cluster state and set an xDS snapshot")
        .register(registry);
    this.translationTimer = Timer.builder("breakwater.xds.translation")
        .description("Time to translate the cluster state into a versioned snapshot (part of a "
            + "publish)")
        .register(registry);
    this.failures = Counter.builder("breakwater.xds.snapshot.publish.failures")
        .description("Publishes that kept the previous snapshot because translation failed")
        .register(registry);
    store.onChange(trigger::request);
  }

  /** Publishes from now on; until then changes only accumulate (see initial sync). */
  public void start() {
    // one publish even for an empty store (Envoy gets a snapshot, /readyz turns ready); the
    // request goes in before enabling so that it and any held-back change make a single run
    trigger.request();
    trigger.enable();
  }

  public void requestPublish() {
    trigger.request();
  }

  public boolean started() {
    return trigger.isEnabled();
  }

  public Optional<Published> latest() {
    return Optional.ofNullable(latest.get());
  }

  public void onPublished(Consumer<Published> listener) {
    listeners.add(listener);
  }

  /**
   * Called with each snapshot just before the cache serves it: a proxy may answer it at once,
   * so whoever reads its answers must know it first.
   */
  public void onServing(Consumer<Published> listener) {
    servingListeners.add(listener);
  }

  private void publish() {
    long start = System.nanoTime();
    Published published;
    try {
      TranslationOutcome outcome = translator.translate(store.view());
      Snapshot snapshot = snapshots.next(outcome.resources());
      translationTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      List<ScopedRouteConfiguration> scopes = outcome.resources().scopes();
      published = new Published(++index, snapshot, scopes, snapshots.scopesVersion(scopes),
          outcome.policies(), clock.instant());
      history.record(published.index(), snapshot, published.scopesVersion());
      for (Consumer<Published> listener : servingListeners) {
        listener.accept(published);
      }
      // routes before the scopes that name them: a proxy asks for a new scope's routes at once
      cache.setSnapshot(NodeGroups.ALL, snapshot);
      scopedRoutes.publish(published.scopesVersion(), scopes);
    } catch (RuntimeException e) {
      failures.increment();
      LOG.error("publish failed; proxies keep the previous snapshot", e);
      return;
    } finally {
      publishTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
    latest.set(published);
    LOG.info("published snapshot {} ({} policies, clusters v{}, listeners v{})",
        published.index(), published.policies().size(),
        published.snapshot().clusters().version(), published.snapshot().listeners().version());
    for (Consumer<Published> listener : listeners) {
      try {
        listener.accept(published);
      } catch (RuntimeException e) {
        LOG.error("publish listener failed", e);
      }
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
