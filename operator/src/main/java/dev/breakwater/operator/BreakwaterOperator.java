package dev.breakwater.operator;

import dev.breakwater.crds.v1alpha1.PolicyStatus;
import dev.breakwater.operator.debug.ProxiesEndpoint;
import dev.breakwater.operator.debug.ProxyViews;
import dev.breakwater.operator.debug.ServedVersions;
import dev.breakwater.operator.http.JsonEndpoint;
import dev.breakwater.operator.http.HealthEndpoints;
import dev.breakwater.operator.metrics.PolicyMeters;
import dev.breakwater.operator.probes.ProbeApplier;
import dev.breakwater.operator.probes.ProbeSync;
import dev.breakwater.operator.publish.IsolatingTranslator;
import dev.breakwater.operator.publish.Scheduler;
import dev.breakwater.operator.quarantine.NackQuarantine;
import dev.breakwater.operator.quarantine.QuarantiningTranslator;
import dev.breakwater.operator.publish.NodeGroups;
import dev.breakwater.operator.publish.SnapshotHistory;
import dev.breakwater.operator.publish.SnapshotPublisher;
import dev.breakwater.operator.kinds.OperatorKind;
import dev.breakwater.operator.kinds.OperatorKinds;
import dev.breakwater.operator.kinds.healthcheck.OperatorEndpointChecks;
import dev.breakwater.operator.kube.ApiReachability;
import dev.breakwater.operator.kube.ApiServer;
import dev.breakwater.operator.kube.Backoff;
import dev.breakwater.operator.kube.Informers;
import dev.breakwater.operator.reconcile.ClusterObjects;
import dev.breakwater.operator.reconcile.ObjectIngest;
import dev.breakwater.operator.reconcile.PolicyReconciler;
import dev.breakwater.operator.replicas.ReplicaSharing;
import dev.breakwater.operator.replicas.ReportedProxies;
import dev.breakwater.operator.replicas.ReportObjects;
import dev.breakwater.operator.state.ClusterStateStore;
import dev.breakwater.operator.stats.MetricsSink;
import dev.breakwater.operator.stats.OtlpMetricsSink;
import dev.breakwater.operator.stats.ProxyStatsStore;
import dev.breakwater.operator.status.PolicyEvents;
import dev.breakwater.operator.status.StatusSync;
import dev.breakwater.operator.status.StatusWriter;
import dev.breakwater.operator.tls.DirectoryTls;
import dev.breakwater.operator.tls.ServerTls;
import dev.breakwater.operator.tls.XdsCertificates;
import dev.breakwater.operator.tls.XdsTlsConfig;
import dev.breakwater.operator.xds.AckTracker;
import dev.breakwater.operator.xds.CacheDeltaBaseline;
import dev.breakwater.operator.xds.RejectedVersionHold;
import dev.breakwater.operator.xds.ConnectedProxies;
import dev.breakwater.operator.xds.ProgrammedEvaluator;
import dev.breakwater.operator.xds.RolloutTracker;
import dev.breakwater.operator.xds.ScopedRoutesServer;
import dev.breakwater.operator.xds.XdsServer;
import dev.breakwater.xds.snapshot.SnapshotFactory;
import dev.breakwater.xds.Translation;
import dev.breakwater.xds.incremental.IncrementalTranslator;
import dev.breakwater.xds.model.ClusterState;
import dev.breakwater.xds.envoy.EnvoyOptions;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import net.logstash.logback.argument.StructuredArguments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running operator: wires the pipeline (informers and reconcilers -> store -> publisher ->
 * xDS cache; ACKs, stats and probes -> status) and owns every server and thread it starts.
 */
public final class BreakwaterOperator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BreakwaterOperator.class);

  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
  private final AtomicBoolean leader = new AtomicBoolean();
  private final PrometheusMeterRegistry registry;
  private XdsServer xds;
  private volatile Operator josdk;
  private HealthEndpoints http;
  private SnapshotPublisher publisher;
  private final String identity = newIdentity();
  private StatusSync status;
  private OperatorEndpointChecks endpointChecks;
  private ProbeSync probes;
  private ReplicaSharing sharing;
  private volatile boolean closing;
  /** The Lease holder as last heard of (leader election only). */
  private volatile String leaderIdentity;

  private BreakwaterOperator() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /** Starts everything; returns once the servers listen and the informers have synced. */
  public static BreakwaterOperator start(OperatorConfig config, KubernetesClient client) {
    return start(config, client, UnaryOperator.identity());
  }

  /**
   * As {@link #start(OperatorConfig, KubernetesClient)}, with the translation wrapped: for tests
   * that need Envoy to refuse what every check before it lets through.
   */
  public static BreakwaterOperator start(OperatorConfig config, KubernetesClient client,
      UnaryOperator<Function<ClusterState, Translation>> translation) {
    BreakwaterOperator operator = new BreakwaterOperator();
    try {
      operator.run(config, client, translation);
      return operator;
    } catch (RuntimeException e) {
      operator.close();
      throw e;
    }
  }

  private void run(OperatorConfig config, KubernetesClient client,
      UnaryOperator<Function<ClusterState, Translation>> translation) {
    Clock clock = Clock.systemUTC();
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    Gauge.builder("breakwater.leader", leader, l -> l.get() ? 1 : 0)
        .description("1 while this replica writes status and probes (holds the Lease)")
        .register(registry);

    ClusterStateStore store = new ClusterStateStore();
    SnapshotHistory history = new SnapshotHistory();
    SimpleCache<String> cache = new SimpleCache<>(NodeGroups.SINGLE);
    // only the Services whose objects changed are translated again (same output as Translator)
    IncrementalTranslator translator = new IncrementalTranslator(config.envoyOptions());
    NackQuarantine quarantine = new NackQuarantine(() -> publisher.requestPublish(), registry,
        clock);
    AckTracker acks = new AckTracker(registry, clock);
    // scopes are built from Service names only (DNS labels): no NACK to quarantine, and a
    // refused scope list is never resent (ScopedRoutesServer)
    ScopedRoutesServer scopedRoutes = new ScopedRoutesServer(XdsServer.callbacks(acks));
    publisher = track(new SnapshotPublisher(store,
        new QuarantiningTranslator(new IsolatingTranslator(
            translation.apply(translator::translate)), quarantine),
        new SnapshotFactory(), cache, scopedRoutes, history, registry, config.coalesceWindow(),
        clock));
    RolloutTracker rollouts = new RolloutTracker();
    publisher.onServing(quarantine::onServing);
    publisher.onPublished(rollouts::onPublished);
    ScheduledExecutorService ticks = Scheduler.daemonThread("breakwater-quarantine");
    closeables.push(ticks::shutdownNow);
    ticks.scheduleWithFixedDelay(quarantine::tick, 1, 1, TimeUnit.SECONDS);

    acks.setDeltaBaseline(new CacheDeltaBaseline(cache));
    acks.onAnswer(quarantine::onAnswer);
    ProxyStatsStore stats = new ProxyStatsStore(clock);
    MetricsSink sink = new MetricsSink(stats);
    OtlpMetricsSink endpointStats = track(new OtlpMetricsSink(stats, clock));
    // First, so /healthz answers while the rest waits (for the API server, for a taken port).
    // Readiness is the ability to serve xDS: a listening server and a snapshot to serve. An
    // API server that goes away leaves both, and a replica must stay in its Service for the
    // Envoys that reconnect meanwhile; the API's reachability is a gauge of its own.
    http = track(new HealthEndpoints(config.bindAddress(), config.httpPort(), registry)
        .readyWhen("xds server", () -> xds != null && xds.isRunning())
        .readyWhen("a snapshot to serve (first one after the informers listed everything)",
            () -> publisher.latest().isPresent()))
        .start();
    LOG.info("metrics and health on HTTP port {}", http.port());
    ApiServer api = track(new ApiServer(client));
    xds = track(new XdsServer(config.bindAddress(), config.xdsPort(),
        new RejectedVersionHold(cache), acks, scopedRoutes,
        serverTls(config, client, api, clock), sink.readingKeptStatsOnly(), endpointStats).start());

    ConnectedProxies proxies = acks;
    ProxyViews views = new ProxyViews(replicaName(), acks::connections,
        new ServedVersions(cache, scopedRoutes));
    ReportedProxies reported = null;
    if (config.leaderElection()) {
      // every replica serves xDS; the leader counts the others' proxies from their reports
      ReportObjects objects = new ReportObjects(leaseNamespace(config, client),
          config.leaseName(), System.getenv("POD_NAME"), System.getenv("POD_UID"));
      sharing = track(new ReplicaSharing(client, objects, replicaName(), acks, stats, registry,
          clock));
      sharing.reportViews(views::views);
      proxies = sharing.proxies();
      reported = new ReportedProxies(client, objects, objects.objectName(replicaName()), clock);
    }
    ProxiesEndpoint proxiesEndpoint = new ProxiesEndpoint(views, reported, leader::get,
        () -> leaderIdentity);
    status = track(new StatusSync(publisher, proxies, rollouts,
        new ProgrammedEvaluator(history), stats, config.statsStatusInterval(),
        new StatusWriter(client), new PolicyEvents(client, clock), new PolicyMeters(registry), clock));
    endpointChecks = track(new OperatorEndpointChecks(publisher::latest, stats::view, clock));
    status.setEndpointCheckSource(endpointChecks);
    publisher.onPublished(p -> status.request());
    acks.onChange(status::request);
    if (sharing != null) {
      sharing.onChange(status::request);
    }

    ObjectIngest ingest = new ObjectIngest(store, client.getKubernetesSerialization());
    ClusterObjects[] cluster = new ClusterObjects[1];
    Consumer<String> namespaceChanged = ns -> { };
    if (config.manageProbes()) {
      probes = track(new ProbeSync(() -> publisher.latest().orElse(null),
          ns -> cluster[0].services(ns), ns -> cluster[0].deployments(ns),
          new ProbeApplier(client), status::request));
      publisher.onPublished(probes::onPublished);
      status.setWorkloadSource(probes);
      namespaceChanged = probes::request;
    }
    cluster[0] = new ClusterObjects(ingest, namespaceChanged, config.manageProbes());

    if (config.leaderElection()) {
      closeables.push(new LeaseRelease(client, leaseNamespace(config, client),
          config.leaseName(), identity));
    }
    closeables.push(() -> {
      Operator running = josdk;
      if (running != null) {
        running.stop();
      }
    });

    BuildInfo build = BuildInfo.current();
    http.route("/version", new JsonEndpoint(() -> build))
        .route("/debug/proxies", new JsonEndpoint(proxiesEndpoint::answer));

    // Every replica's informers (JOSDK's event sources) start here, leader or not, and the
    // first publish waits until each has listed its objects: the first snapshot is whole, as a
    // restarted replica must not serve Envoy a partial one. Only the leader reconciles. Without
    // an API server this waits (with back-off, saying so) instead of giving up.
    Operator started = startInformers(config, client, api, ingest, cluster[0]);
    track(new ApiReachability(new Informers(started)::watching, api.url(), registry).start());
    publisher.start();
    if (sharing != null) {
      sharing.start();
    }
    if (config.leaderElection()) {
      // after the LeaseRelease above, so closing stops competing before giving the Lease up
      track(new LeaseElection(client, leaseNamespace(config, client), config.leaseName(),
          identity, this::startedLeading, this::stoppedLeading, this::newLeader).start());
    } else {
      lead();
    }
  }

  /** The xDS port's TLS (null only behind the explicit plaintext flag). */
  private ServerTls serverTls(OperatorConfig config, KubernetesClient client, ApiServer api,
      Clock clock) {
    XdsTlsConfig tls = config.xdsTls();
    return switch (tls.mode()) {
      case PLAINTEXT -> {
        LOG.warn("xDS is PLAINTEXT (--xds-plaintext): anyone who reaches port {} reads every "
            + "route and endpoint and steers status; for dev setups only", config.xdsPort());
        yield null;
      }
      case FILES -> track(new DirectoryTls(tls.certDir())).start();
      case ISSUE -> track(new XdsCertificates(client, tls, secretNamespace(config, client), api,
          clock)).start();
    };
  }

  /** Where the xDS CA and proxy Secrets live: as configured, else the operator's namespace. */
  private static String secretNamespace(OperatorConfig config, KubernetesClient client) {
    for (String ns : new String[] {config.xdsTls().secretNamespace(), System.getenv("POD_NAMESPACE"),
        config.leaseNamespace(), client.getNamespace()}) {
      if (ns != null && !ns.isBlank()) {
        return ns;
      }
    }
    return "default";
  }

  /**
   * Starts JOSDK and returns once every informer has listed its objects. Neither a missing API
   * server nor one that goes away meanwhile ends this: JOSDK is told to keep retrying its
   * informers, and a start that fails as a whole is tried again with a fresh operator.
   */
  private Operator startInformers(OperatorConfig config, KubernetesClient client, ApiServer api,
      ObjectIngest ingest, ClusterObjects cluster) {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
    while (!closing) {
      if (!api.awaitReachable("list the policies and Services")) {
        throw new IllegalStateException("interrupted while waiting for the API server");
      }
      Operator attempt = new Operator(o -> configure(o, config, client));
      boolean first = true;
      for (OperatorKind<?> kind : OperatorKinds.all()) {
        // one controller also carries the Services, EndpointSlices and Deployments informers
        register(attempt, kind, status, ingest, first ? cluster : null, config);
        first = false;
      }
      josdk = attempt;
      try {
        attempt.start();
      } catch (RuntimeException e) {
        Duration wait = backoff.next();
        LOG.warn("starting the informers failed (retrying in {} s): {}", wait.toSeconds(),
            e.getMessage());
        attempt.stop();
        pause(wait);
        continue;
      }
      awaitSynced(new Informers(attempt), api);
      ingest.prime(() -> Informers.cachedPrimaries(attempt), cluster::allServices,
          cluster::allEndpointSlices);
      return attempt;
    }
    throw new IllegalStateException("stopped while starting");
  }

  /** Waits for every informer's first list, saying which still wait and whether the API answers. */
  private void awaitSynced(Informers informers, ApiServer api) {
    long nextLog = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!closing && !informers.synced()) {
      if (System.nanoTime() > nextLog) {
        String problem = api.problem();
        LOG.warn("waiting for informers to list their objects before the first snapshot: {} "
            + "(API server at {}: {})", informers.notSynced(), api.url(),
            problem == null ? "answers" : problem);
        nextLog = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      }
      pause(Duration.ofMillis(200));
    }
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting", e);
    }
  }

  /** What only the leader does: write status and probes, from every replica's proxies. */
  private synchronized void lead() {
    if (closing || leader.get()) {
      return;
    }
    if (sharing != null) {
      sharing.lead();
    }
    status.start();
    endpointChecks.start();
    if (probes != null) {
      probes.start();
    }
    leader.set(true);
  }

  private void configure(ConfigurationServiceOverrider o, OperatorConfig config,
      KubernetesClient client) {
    o.withKubernetesClient(client)
        .withCloseClientOnStop(false)
        // an API server that is missing or goes away is waited for, never a reason to stop:
        // informers retry for ever, the start gives up waiting after this and startInformers
        // waits on (saying so)
        .withStopOnInformerErrorDuringStartup(false)
        .withCacheSyncTimeout(Duration.ofSeconds(30))
        // per controller, not per policy: per-resource meters were ~70 series per policy and
        // outlived deleted policies
        .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
    // No JOSDK leader election: its elector ends for good with a lost Lease (and would have the
    // process exit). JOSDK reconciles on every replica, which only records the status found on
    // each object (a standby writes nothing); LeaseElection decides who writes.
  }

  private void newLeader(String id) {
    leaderIdentity = id;
  }

  /**
   * The Lease was lost (not renewed in time, e.g. the API server away): stop writing at once, as
   * another replica may lead now, and stand by, still serving xDS, until the Lease is won back.
   */
  private synchronized void stoppedLeading() {
    if (closing || !leader.get()) {
      return;
    }
    leader.set(false);
    status.stop();
    endpointChecks.stop();
    if (probes != null) {
      probes.stop();
    }
    if (sharing != null) {
      sharing.standBy();
    }
    LOG.warn("stepped down to standby: status and probes are another replica's to write");
  }

  /** Pod name (HOSTNAME) plus a random part: unique even for two operators in one process. */
  private static String newIdentity() {
    String host = System.getenv("HOSTNAME");
    return (host == null || host.isBlank() ? "breakwater" : host) + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Reading the other replicas' reports may take a moment: not on the elector's thread. */
  private void startedLeading() {
    LOG.info("became leader");
    Thread t = new Thread(this::lead, "breakwater-leading");
    t.setDaemon(true);
    t.start();
  }

  private static String leaseNamespace(OperatorConfig config, KubernetesClient client) {
    String ns = config.leaseNamespace();
    return ns == null || ns.isBlank() ? client.getNamespace() : ns;
  }

  /** The pod's name; outside a pod, this process's leader-election identity. */
  private String replicaName() {
    String pod = System.getenv("POD_NAME");
    return pod == null || pod.isBlank() ? identity : pod;
  }

  private static <R extends CustomResource<?, ? extends PolicyStatus>> void register(
      Operator josdk, OperatorKind<R> kind, StatusSync status, ObjectIngest ingest,
      ClusterObjects cluster, OperatorConfig config) {
    Reconciler<R> reconciler = kind.reconciler(status, ingest, cluster);
    if (config.watchesAllNamespaces()) {
      josdk.register(reconciler);
    } else {
      josdk.register(reconciler, (ControllerConfigurationOverrider<R> o) ->
          o.settingNamespaces(config.namespaces()));
    }
  }

  private <T extends AutoCloseable> T track(T closeable) {
    closeables.push(closeable);
    return closeable;
  }

  public int xdsPort() {
    return xds.port();
  }

  public int httpPort() {
    return http.port();
  }

  /** True once this replica writes status (always, without leader election). */
  public boolean isLeader() {
    return leader.get();
  }

  /** What /readyz answers. */
  public boolean isReady() {
    return http != null && http.ready();
  }

  public MeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    closing = true;
    while (!closeables.isEmpty()) {
      try {
        closeables.pop().close();
      } catch (Exception e) {
        LOG.warn("error while stopping", e);
      }
    }
    registry.close();
  }
}
