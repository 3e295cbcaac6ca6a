package dev.breakwater.operator.xds;

import dev.breakwater.operator.net.Bind;
import dev.breakwater.operator.tls.NodeIdentityCheck;
import dev.breakwater.operator.tls.PeerIdentity;
import dev.breakwater.operator.tls.ServerTls;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.server.DefaultExecutorGroup;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's gRPC port: ADS (state-of-the-world and delta on the same service) plus the
 * per-type xDS services, scoped routes (SRDS, see {@link ScopedRoutesServer}), and the stats
 * services the bootstrap's sinks point at (MetricsService, OTLP).
 */
public final class XdsServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(XdsServer.class);
  /** Envoy pushes every stat in one message; the default 4 MiB is too small for big meshes. */
  private static final int MAX_INBOUND_BYTES = 64 * 1024 * 1024;

  private final int port;
  private final boolean tls;
  private final Supplier<Server> builder;
  private volatile Server server;

  /** Plaintext, a hold of its own: tests of the xDS side alone. */
  public XdsServer(String bindAddress, int port, SimpleCache<String> cache, AckTracker acks,
      ScopedRoutesServer scopedRoutes, BindableService... statsServices) {
    this(bindAddress, port, new RejectedVersionHold(cache), acks, scopedRoutes, null,
        statsServices);
  }

  /**
   * Serves {@code cache} through {@code hold}, so no proxy is sent again what it rejected; with
   * {@code tls}, only to proxies with a client certificate of the xDS CA, each held to the node
   * ids its certificate allows ({@link NodeIdentityCheck} before anything else sees a request;
   * {@code scopedRoutes} must run it too, see {@link #callbacks}).
   *
   * @param tls null for plaintext (only behind the explicit dev flag)
   */
  public XdsServer(String bindAddress, int port, RejectedVersionHold hold, AckTracker acks,
      ScopedRoutesServer scopedRoutes, ServerTls tls, BindableService... statsServices) {
    this.port = port;
    this.tls = tls != null;
    // a resource is packed into its Any once for every proxy, not once per proxy and response
    // (java-control-plane's default re-serialises every resource of every response)
    V3DiscoveryServer discovery = new V3DiscoveryServer(
        List.of(new NodeIdentityCheck(), acks, hold), hold, new DefaultExecutorGroup(),
        new ResourcePacker());
    this.builder = () -> {
      NettyServerBuilder b = configure(NettyServerBuilder.forAddress(
          new InetSocketAddress(bindAddress, port)), tls)
          .withOption(ChannelOption.SO_REUSEADDR, true);
      for (BindableService stats : statsServices) {
        b.addService(stats);
      }
      return b
          .addService(discovery.getAggregatedDiscoveryServiceImpl())
          .addService(discovery.getClusterDiscoveryServiceImpl())
          .addService(discovery.getEndpointDiscoveryServiceImpl())
          .addService(discovery.getListenerDiscoveryServiceImpl())
          .addService(discovery.getRouteDiscoveryServiceImpl())
          .addService(scopedRoutes)
          // the bootstrap's HTTP/2 keepalive pings every 30s; gRPC's default (5 min) would
          // answer them with GOAWAY too_many_pings and drop the stream
          .permitKeepAliveTime(10, TimeUnit.SECONDS)
          .permitKeepAliveWithoutCalls(true)
          .maxInboundMessageSize(MAX_INBOUND_BYTES)
          .build();
    };
  }

  /** The callbacks every xDS stream answers to: the node's identity first, then the ACKs. */
  public static List<io.envoyproxy.controlplane.server.DiscoveryServerCallbacks> callbacks(
      AckTracker acks) {
    return List.of(new NodeIdentityCheck(), acks);
  }

  private static NettyServerBuilder configure(NettyServerBuilder b, ServerTls tls) {
    return tls == null ? b : b.sslContext(tls.sslContext()).intercept(new PeerIdentity());
  }

  public XdsServer start() {
    // a gRPC server that failed to bind cannot be started again: build one per attempt
    server = Bind.withRetry("xDS", port, () -> {
      Server attempt = builder.get();
      try {
        return attempt.start();
      } catch (IOException e) {
        attempt.shutdownNow();
        throw e;
      }
    });
    LOG.info("xDS (ADS, delta ADS, SRDS) and stats (MetricsService, OTLP) listening on port {}"
        + " ({})", port(), tls ? "mTLS (" + ServerTls.provider()
            + "): proxy certificates of the xDS CA only"
            : "PLAINTEXT: anyone who reaches the port can read and steer it; dev only");
    return this;
  }

  public int port() {
    return server.getPort();
  }

  public boolean isRunning() {
    Server s = server;
    return s != null && !s.isShutdown() && !s.isTerminated();
  }

  @Override
  public void close() {
    Server s = server;
    if (s == null) {
      return;
    }
    s.shutdownNow();
    try {
      s.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
