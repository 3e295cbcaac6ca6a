package dev.breakwater.e2e;

import dev.breakwater.operator.tls.Issued;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.envoyproxy.envoy.service.metrics.v3.MetricsServiceGrpc;
import io.envoyproxy.envoy.service.metrics.v3.StreamMetricsMessage;
import io.envoyproxy.envoy.service.metrics.v3.StreamMetricsResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.grpc.stub.StreamObserver;
import io.prometheus.client.Metrics.Counter;
import io.prometheus.client.Metrics.Metric;
import io.prometheus.client.Metrics.MetricFamily;
import io.prometheus.client.Metrics.MetricType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;

/**
 * What the attacker did from a local process, speaking the operator's gRPC itself: pull
 * every resource, subscribe and never ACK, NACK with text of its choice, stream forged stats.
 * Plaintext, TLS without a client certificate, or with a certificate (of another CA, or of the
 * operator's CA for another identity). It records what it got back.
 */
final class RogueXdsClient implements AutoCloseable {
  private final ManagedChannel channel;
  final List<DiscoveryResponse> responses = new CopyOnWriteArrayList<>();
  final AtomicReference<Throwable> error = new AtomicReference<>();
  private StreamObserver<DiscoveryRequest> ads;
  private StreamObserver<StreamMetricsMessage> metrics;

  private RogueXdsClient(ManagedChannel channel) {
    this.channel = channel;
  }

  static RogueXdsClient plaintext(int port) {
    return new RogueXdsClient(NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
        .build());
  }

  /** TLS that trusts any server; {@code certificate} null: no client certificate. */
  static RogueXdsClient tls(int port, Issued certificate) {
    try {
      SslContextBuilder ssl = GrpcSslContexts.forClient()
          .trustManager(InsecureTrustManagerFactory.INSTANCE);
      if (certificate != null) {
        ssl.keyManager(certificate.key(), certificate.chain());
      }
      return new RogueXdsClient(NettyChannelBuilder.forAddress("127.0.0.1", port)
          .sslContext(ssl.build()).build());
    } catch (SSLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Opens ADS as {@code nodeId} and asks for every cluster (a wildcard CDS request). */
  RogueXdsClient pull(String nodeId) {
    ads = AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(
        new StreamObserver<>() {
          @Override
          public void onNext(DiscoveryResponse r) {
            responses.add(r);
          }

          @Override
          public void onError(Throwable t) {
            error.set(t);
          }

          @Override
          public void onCompleted() {}
        });
    for (String type : List.of(Resources.V3.CLUSTER_TYPE_URL, Resources.V3.LISTENER_TYPE_URL)) {
      ads.onNext(DiscoveryRequest.newBuilder().setTypeUrl(type)
          .setNode(Node.newBuilder().setId(nodeId).setCluster("rogue")).build());
    }
    return this;
  }

  /** NACKs whatever it was sent, with its own message. */
  void nackEverything(String message) {
    for (DiscoveryResponse r : responses) {
      ads.onNext(DiscoveryRequest.newBuilder().setTypeUrl(r.getTypeUrl())
          .setResponseNonce(r.getNonce()).setErrorDetail(
              com.google.rpc.Status.newBuilder().setCode(3).setMessage(message)).build());
    }
  }

  /** Streams forged counter values as node {@code nodeId}. */
  RogueXdsClient forgeStats(String nodeId, Map<String, Double> counters) {
    metrics = MetricsServiceGrpc.newStub(channel).streamMetrics(new StreamObserver<>() {
      @Override
      public void onNext(StreamMetricsResponse r) {}

      @Override
      public void onError(Throwable t) {
        error.set(t);
      }

      @Override
      public void onCompleted() {}
    });
    StreamMetricsMessage.Builder m = StreamMetricsMessage.newBuilder().setIdentifier(
        StreamMetricsMessage.Identifier.newBuilder().setNode(Node.newBuilder().setId(nodeId)));
    counters.forEach((name, value) -> m.addEnvoyMetrics(MetricFamily.newBuilder().setName(name)
        .setType(MetricType.COUNTER).addMetric(Metric.newBuilder()
            .setCounter(Counter.newBuilder().setValue(value)))));
    metrics.onNext(m.build());
    metrics.onNext(m.build());
    return this;
  }

  @Override
  public void close() throws InterruptedException {
    if (metrics != null) {
      metrics.onCompleted();
    }
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
