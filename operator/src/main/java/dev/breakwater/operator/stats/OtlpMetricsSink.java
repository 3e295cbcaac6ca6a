package dev.breakwater.operator.stats;

import dev.breakwater.operator.tls.PeerIdentity;
import dev.breakwater.operator.tls.ProxyIdentity;
import io.grpc.Status;
import java.util.Optional;
import dev.breakwater.operator.publish.Scheduler;
import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * OTLP/gRPC metrics collector: the bootstrap's OpenTelemetry stats sink exports here what
 * metrics_service leaves out, Envoy's per-endpoint stats. Only the stats a kind reads are kept
 * ({@link StatNames#keep}). Each export is a unary call carrying the proxy's whole set, so it
 * replaces that proxy's previous one in the {@link ProxyStatsStore}. A proxy is its {@code
 * breakwater.node} resource attribute plus the address it connects from (the pods of one chart
 * gateway share the bootstrap's node id); one that stops exporting is forgotten after
 * {@link #EXPIRY}.
 */
public final class OtlpMetricsSink implements BindableService, AutoCloseable {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(OtlpMetricsSink.class);
  static final String NODE_ATTRIBUTE = "breakwater.node";
  /** Five flushes at the bootstrap's 2 s interval. */
  public static final Duration EXPIRY = Duration.ofSeconds(10);
  private static final String STREAM_PREFIX = "otlp:";
  private static final Context.Key<String> PEER = Context.key("breakwater-otlp-peer");

  private final ProxyStatsStore store;
  private final Clock clock;
  private final Map<String, Instant> lastExport = new ConcurrentHashMap<>();
  private final ScheduledExecutorService sweeper = Scheduler.daemonThread("breakwater-otlp-expiry");

  public OtlpMetricsSink(ProxyStatsStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
    long period = EXPIRY.toMillis() / 2;
    sweeper.scheduleWithFixedDelay(() -> expireSilent(clock.instant()), period, period,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public ServerServiceDefinition bindService() {
    return ServerInterceptors.intercept(new Collector(), new PeerAddress());
  }

  /** Stores one export of the proxy {@code nodeId} connected from {@code peer}. */
  void accept(ExportMetricsServiceRequest request, String peer) {
    accept(request, peer, Optional.empty());
  }

  /**
   * As {@link #accept(ExportMetricsServiceRequest, String)}; on a TLS port only the node ids the
   * caller's certificate allows are taken (a proxy cannot report for another).
   *
   * @return whether every resource was taken
   */
  boolean accept(ExportMetricsServiceRequest request, String peer, Optional<String> identity) {
    boolean all = true;
    for (ResourceMetrics resource : request.getResourceMetricsList()) {
      String node = resource.getResource().getAttributesList().stream()
          .filter(a -> a.getKey().equals(NODE_ATTRIBUTE))
          .map(a -> a.getValue().getStringValue())
          .findFirst().orElse("unknown");
      if (identity.isPresent() && !ProxyIdentity.allows(identity.get(), node)) {
        all = false;
        continue;
      }
      String stream = STREAM_PREFIX + node + "@" + peer;
      store.update(stream, node, samples(resource));
      lastExport.put(stream, clock.instant());
    }
    return all;
  }

  /** Forgets the proxies that have not exported within {@link #EXPIRY} before {@code now}. */
  void expireSilent(Instant now) {
    lastExport.forEach((stream, at) -> {
      if (at.plus(EXPIRY).isBefore(now) && lastExport.remove(stream, at)) {
        store.remove(stream);
      }
    });
  }

  static List<StatSample> samples(ResourceMetrics resource) {
    List<StatSample> out = new ArrayList<>();
    for (ScopeMetrics scope : resource.getScopeMetricsList()) {
      for (Metric metric : scope.getMetricsList()) {
        String name = StatNames.keep(metric.getName());
        if (name == null) {
          continue;
        }
        if (metric.hasGauge()) {
          metric.getGauge().getDataPointsList().forEach(p -> add(out, name, false, p));
        } else if (metric.hasSum()) {
          metric.getSum().getDataPointsList().forEach(p -> add(out, name, true, p));
        }
      }
    }
    return out;
  }

  private static void add(List<StatSample> out, String name, boolean counter,
      NumberDataPoint point) {
    if (point.getAttributesCount() > 0) {
      return; // tag attributes: not what the bootstrap sends (emit_tags_as_attributes: false)
    }
    double value = point.getValueCase() == NumberDataPoint.ValueCase.AS_INT
        ? point.getAsInt() : point.getAsDouble();
    out.add(new StatSample(name, counter, value));
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
  }

  private final class Collector extends MetricsServiceGrpc.MetricsServiceImplBase {
    @Override
    public void export(ExportMetricsServiceRequest request,
        StreamObserver<ExportMetricsServiceResponse> responses) {
      Optional<String> identity = PeerIdentity.current();
      if (!accept(request, PEER.get(), identity)) {
        LOG.warn("refused metrics of a node id the certificate of {} does not allow",
            identity.orElse("?"));
        responses.onError(Status.PERMISSION_DENIED
            .withDescription("a node id this certificate does not allow").asRuntimeException());
        return;
      }
      responses.onNext(ExportMetricsServiceResponse.getDefaultInstance());
      responses.onCompleted();
    }
  }

  /** Puts the IP address the call came from into the call's context. */
  private static final class PeerAddress implements ServerInterceptor {
    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
        ServerCallHandler<Q, A> next) {
      SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
      String ip = remote instanceof InetSocketAddress socket && socket.getAddress() != null
          ? socket.getAddress().getHostAddress() : String.valueOf(remote);
      return Contexts.interceptCall(Context.current().withValue(PEER, ip), call, headers, next);
    }
  }
}
