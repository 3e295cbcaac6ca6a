package dev.breakwater.operator.stats;

import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import dev.breakwater.operator.tls.PeerIdentity;
import dev.breakwater.operator.tls.ProxyIdentity;
import io.envoyproxy.envoy.service.metrics.v3.MetricsServiceGrpc;
import io.envoyproxy.envoy.service.metrics.v3.StreamMetricsMessage;
import io.envoyproxy.envoy.service.metrics.v3.StreamMetricsResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.prometheus.client.Metrics.Metric;
import io.prometheus.client.Metrics.MetricFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * envoy.service.metrics.v3.MetricsService: Envoy's metrics_service stats sink streams every stat
 * here each flush interval. Only the stats the operator reads are kept (see {@link StatNames}).
 */
public final class MetricsSink extends MetricsServiceGrpc.MetricsServiceImplBase {

  private static final Logger LOG = LoggerFactory.getLogger(MetricsSink.class);

  private final ProxyStatsStore store;
  private final AtomicLong streamIds = new AtomicLong();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  public MetricsSink(ProxyStatsStore store) {
    this.store = store;
  }

  /** This service as the server binds it: each flush read with {@link KeptStatsMarshaller}. */
  @SuppressWarnings("unchecked")
  public BindableService readingKeptStatsOnly() {
    MethodDescriptor<StreamMetricsMessage, StreamMetricsResponse> standard =
        MetricsServiceGrpc.getStreamMetricsMethod();
    ServerMethodDefinition<StreamMetricsMessage, StreamMetricsResponse> bound =
        (ServerMethodDefinition<StreamMetricsMessage, StreamMetricsResponse>)
            bindService().getMethod(standard.getFullMethodName());
    ServerServiceDefinition kept = ServerServiceDefinition.builder(MetricsServiceGrpc.SERVICE_NAME)
        .addMethod(standard.toBuilder(new KeptStatsMarshaller(standard.getRequestMarshaller()),
            standard.getResponseMarshaller()).build(), bound.getServerCallHandler())
        .build();
    return () -> kept;
  }

  /** Called after every flush a proxy sends. */
  public void onFlush(Runnable listener) {
    listeners.add(listener);
  }

  @Override
  public StreamObserver<StreamMetricsMessage> streamMetrics(
      StreamObserver<StreamMetricsResponse> responses) {
    String key = "local-" + streamIds.incrementAndGet();
    // on a TLS port the caller's certificate names it; counters take only what it may report
    Optional<String> identity = PeerIdentity.current();
    return new StreamObserver<>() {
      private String nodeId;
      private boolean refused;

      @Override
      public void onNext(StreamMetricsMessage message) {
        if (refused) {
          return;
        }
        // the identifier comes with the first message of a stream only
        if (message.hasIdentifier()) {
          nodeId = message.getIdentifier().getNode().getId();
        }
        if (identity.isPresent() && (nodeId == null
            || !ProxyIdentity.allows(identity.get(), nodeId))) {
          refused = true;
          LOG.warn("refused a metrics stream: node id {} is not allowed by the certificate of {}",
              nodeId, identity.get());
          responses.onError(Status.PERMISSION_DENIED.withDescription("node id " + nodeId
              + " is not allowed by this certificate").asRuntimeException());
          return;
        }
        store.update(key, nodeId == null ? "unknown" : nodeId,
            samples(message.getEnvoyMetricsList()));
        listeners.forEach(Runnable::run);
      }

      @Override
      public void onError(Throwable t) {
        LOG.debug("metrics stream of {} ended: {}", nodeId, t.toString());
        store.remove(key);
      }

      @Override
      public void onCompleted() {
        store.remove(key);
        if (refused) {
          return;
        }
        responses.onNext(StreamMetricsResponse.getDefaultInstance());
        responses.onCompleted();
      }
    };
  }

  static List<StatSample> samples(List<MetricFamily> families) {
    List<StatSample> out = new ArrayList<>();
    for (MetricFamily family : families) {
      String name = StatNames.keep(family.getName());
      if (name == null) {
        continue;
      }
      for (Metric m : family.getMetricList()) {
        if (m.getLabelCount() > 0) {
          continue; // tag-extracted names (emit_tags_as_labels) are not what the bootstrap sends
        }
        if (m.hasCounter()) {
          out.add(new StatSample(name, true, m.getCounter().getValue()));
        } else if (m.hasGauge()) {
          out.add(new StatSample(name, false, m.getGauge().getValue()));
        } else if (m.hasUntyped()) {
          out.add(new StatSample(name, false, m.getUntyped().getValue()));
        }
      }
    }
    return out;
  }
}
