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
import dev.breakwater.operator.publish.NodeGroups;
import dev.breakwater.operator.publish.SnapshotHistory;
import dev.breakwater.operator.publish.SnapshotPublisher;
import dev.breakwater.operator.kinds.OperatorKind;
import dev.breakwater.operator.kinds.OperatorKinds;
import dev.breakwater.operator.reconcile.ClusterObjects;
import dev.breakwater.operator.reconcile.ObjectIngest;
import dev.breakwater.operator.reconcile.PolicyReconciler;
import dev.breakwater.operator.replicas.ReplicaSharing;
import dev.breakwater.operator.replicas.ReportedProxies;
import dev.breakwater.operator.replicas.ReportObjects;
import dev.breakwater.operator.state.ClusterStateStore;
import dev.breakwater.operator.stats.MetricsSink;
import dev.breakwater.operator.stats.ProxyStatsStore;
import dev.breakwater.operator.status.PolicyEvents;
import dev.breakwater.operator.status.StatusSync;
import dev.breakwater.operator.status.StatusWriter;
import dev.breakwater.operator.xds.AckTracker;
import dev.breakwater.operator.xds.ConnectedProxies;
import dev.breakwater.operator.xds.ProgrammedEvaluator;
import dev.breakwater.operator.xds.RolloutTracker;
import dev.breakwater.operator.xds.ScopedRoutesServer;
import dev.breakwater.operator.xds.XdsServer;
import dev.breakwater.xds.snapshot.SnapshotFactory;
import dev.breakwater.xds.Translator;
import dev.breakwater.xds.envoy.EnvoyOptions;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
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
  private HealthEndpoints http;
  private SnapshotPublisher publisher;
  private final String identity = newIdentity();
  private StatusSync status;
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
    BreakwaterOperator operator = new BreakwaterOperator();
    try {
      operator.run(config, client);
      return operator;
    } catch (RuntimeException e) {
      operator.close();
      throw e;
    }
  }

  private void run(OperatorConfig config, KubernetesClient client) {
    Clock clock = Clock.systemUTC();
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);

    ClusterStateStore store = new ClusterStateStore();
    SnapshotHistory history = new SnapshotHistory();
    SimpleCache<String> cache = new SimpleCache<>(NodeGroups.SINGLE);
    AckTracker acks = new AckTracker(registry, clock);
    ScopedRoutesServer scopedRoutes = new ScopedRoutesServer(acks);
    publisher = track(new SnapshotPublisher(store,
        new IsolatingTranslator(new Translator(config.envoyOptions())),
        new SnapshotFactory(), cache, scopedRoutes, history, registry, config.coalesceWindow(),
        clock));
    RolloutTracker rollouts = new RolloutTracker();
    publisher.onPublished(rollouts::onPublished);

    ProxyStatsStore stats = new ProxyStatsStore(clock);
    MetricsSink sink = new MetricsSink(stats);
    xds = track(new XdsServer(config.bindAddress(), config.xdsPort(), cache, acks, scopedRoutes,
        sink).start());

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

    Operator josdk = new Operator(o -> configure(o, config, client));
    boolean first = true;
    for (OperatorKind<?> kind : OperatorKinds.all()) {
      // one controller also carries the Services, EndpointSlices and Deployments informers
      register(josdk, kind, status, ingest, first ? cluster[0] : null, config);
      first = false;
    }
    if (config.leaderElection()) {
      closeables.push(new LeaseRelease(client, leaseNamespace(config, client),
          config.leaseName(), identity));
    }
    closeables.push(josdk::stop);

    BuildInfo build = BuildInfo.current();
    http = track(new HealthEndpoints(config.bindAddress(), config.httpPort(), registry)
        .route("/version", new JsonEndpoint(() -> build))
        .route("/debug/proxies", new JsonEndpoint(proxiesEndpoint::answer))
        .readyWhen("xds server", xds::isRunning)
        .readyWhen("informers synced", () -> josdk.getRuntimeInfo().isStarted()
            && josdk.getRuntimeInfo().allEventSourcesAreHealthy())
        .readyWhen("first snapshot published", () -> publisher.latest().isPresent()))
        .start();
    LOG.info("metrics, health and /debug/proxies on HTTP port {}",
        StructuredArguments.v("http_port", http.port()));

    // Every replica's informers (JOSDK's event sources) start here, leader or not, and start()
    // returns once each has listed its objects: the first snapshot is whole, as a restarted
    // replica must not serve Envoy a partial one. Only the leader reconciles.
    josdk.start();
    publisher.start();
    if (sharing != null) {
      sharing.start();
    }
    if (!config.leaderElection()) {
      lead();
    }
  }

  /** What only the leader does: write status and probes, from every replica's proxies. */
  private synchronized void lead() {
    if (sharing != null) {
      sharing.lead();
    }
    status.start();
    if (probes != null) {
      probes.start();
    }
    leader.set(true);
  }

  private void configure(ConfigurationServiceOverrider o, OperatorConfig config,
      KubernetesClient client) {
    o.withKubernetesClient(client)
        .withCloseClientOnStop(false)
        // per controller, not per policy: per-resource meters were ~70 series per policy and
        // outlived deleted policies
        .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
    if (config.leaderElection()) {
      LeaderElectionConfigurationBuilder le =
          LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(config.leaseName())
              .withIdentity(identity)
              // JOSDK would System.exit also when close() gives the lease up, which hangs a
              // JVM already shutting down; stoppedLeading() exits only on a real loss
              .withExitOnStopLeading(false)
              .withLeaderCallbacks(new LeaderCallbacks(this::startedLeading,
                  this::stoppedLeading,
                  this::newLeader));
      le.withLeaseNamespace(leaseNamespace(config, client));
      o.withLeaderElectionConfiguration(le.build());
    }
  }

  private void newLeader(String id) {
    leaderIdentity = id;
    LOG.info("leader is now {}", StructuredArguments.v("leader", id));
  }

  private void stoppedLeading() {
    leader.set(false);
    if (!closing) {
      // another replica may reconcile now: running on would mean two writers
      LOG.error("lost leadership; exiting");
      System.exit(1);
    }
  }

  /** Pod name (HOSTNAME) plus a random part: unique even for two operators in one process. */
  private static String newIdentity() {
    String host = System.getenv("HOSTNAME");
    return (host == null || host.isBlank() ? "breakwater" : host) + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  /** JOSDK starts reconciling now; reading the other replicas' reports may take a moment. */
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
