package dev.breakwater.e2e.scale;

import dev.breakwater.operator.tls.CertificateAuthority;
import dev.breakwater.operator.tls.Issued;
import dev.breakwater.operator.tls.Pem;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.net.ssl.SSLException;

/**
 * The synthetic proxies of a run: half state of the world, half delta, each on a TLS connection
 * of its own with one client certificate of the operator's CA (identity {@value #IDENTITY}; node
 * ids {@code <identity>-sotw-007}, {@code <identity>-delta-007}), all sharing a few I/O threads.
 */
final class ProxyFleet implements AutoCloseable {
  static final String IDENTITY = "bench-proxy";

  private final EventLoopGroup loops = new NioEventLoopGroup(4);
  private final List<SyntheticProxy> proxies = new ArrayList<>();

  /**
   * @param caCertPem the CA certificate(s), {@code caKeyPem} its key: the operator's CA Secret
   */
  ProxyFleet(int count, int xdsPort, String caCertPem, String caKeyPem, String caBundle) {
    CertificateAuthority ca = new CertificateAuthority(new Issued(Pem.privateKey(caKeyPem),
        Pem.certificates(caCertPem)));
    Issued cert = ca.issueProxy(IDENTITY, Instant.now());
    SslContext tls;
    try {
      tls = GrpcSslContexts.forClient()
          .keyManager(stream(cert.chainPem()), stream(cert.keyPem()))
          .trustManager(stream(caBundle))
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException(e);
    }
    for (int i = 0; i < count; i++) {
      boolean delta = i % 2 == 1;
      String node = "%s-%s-%03d".formatted(IDENTITY, delta ? "delta" : "sotw", i);
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", xdsPort)
          .eventLoopGroup(loops)
          .channelType(NioSocketChannel.class)
          .sslContext(tls)
          .overrideAuthority("localhost")
          .maxInboundMessageSize(512 * 1024 * 1024)
          .directExecutor()
          .build();
      proxies.add(delta ? new DeltaProxy(node, channel) : new SotwProxy(node, channel));
    }
  }

  private static ByteArrayInputStream stream(String pem) {
    return new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8));
  }

  ProxyFleet start() {
    proxies.forEach(SyntheticProxy::start);
    return this;
  }

  List<SyntheticProxy> proxies() {
    return proxies;
  }

  List<SyntheticProxy> matching(Predicate<SyntheticProxy> p) {
    return proxies.stream().filter(p).toList();
  }

  /** The first failure of any stream, null when none failed. */
  Throwable failure() {
    return proxies.stream().map(SyntheticProxy::failure).filter(java.util.Objects::nonNull)
        .findFirst().orElse(null);
  }

  void watch(ClusterChange change) {
    proxies.forEach(p -> p.watch(change));
  }

  void unwatch(ClusterChange change) {
    proxies.forEach(p -> p.unwatch(change));
  }

  long totalBytes(String flavour) {
    return proxies.stream().filter(p -> p.flavour().equals(flavour))
        .mapToLong(SyntheticProxy::totalBytes).sum();
  }

  int count(String flavour) {
    return (int) proxies.stream().filter(p -> p.flavour().equals(flavour)).count();
  }

  @Override
  public void close() {
    proxies.forEach(p -> p.channel.shutdownNow());
    proxies.forEach(SyntheticProxy::close);
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }
}
