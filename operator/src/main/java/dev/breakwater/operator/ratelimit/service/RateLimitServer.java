package dev.breakwater.operator.ratelimit.service;

import dev.breakwater.operator.http.HealthEndpoints;
import dev.breakwater.operator.ratelimit.store.RedisLimitStore;
import dev.breakwater.operator.ratelimit.store.RedisSettings;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code ratelimit} process: the gRPC service, its Redis store, and the HTTP port with
 * {@code /metrics}, {@code /healthz} and {@code /readyz}. Ready as soon as gRPC serves, whether
 * or not Redis is reachable: an unready service would only turn a store outage into a service
 * outage, and the policy's failureMode already says what callers get in both cases.
 */
public final class RateLimitServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RateLimitServer.class);

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final RedisLimitStore store;
  private final Server grpc;
  private final HealthEndpoints http;

  private RateLimitServer(String bindAddress, int grpcPort, int httpPort, RedisSettings redis) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    store = RedisLimitStore.start(redis);
    registry.gauge("breakwater_rls_redis_connected", store, s -> s.connected() ? 1 : 0);
    RateLimitGrpcService service = new RateLimitGrpcService(store, new RateLimitMetrics(registry));
    try {
      // the handler only parses and hands off to Lettuce: run it on the transport thread
      grpc = NettyServerBuilder.forAddress(new InetSocketAddress(bindAddress, grpcPort))
          .directExecutor()
          .addService(service)
          .build()
          .start();
    } catch (IOException e) {
      store.close();
      throw new UncheckedIOException("cannot serve gRPC on " + grpcPort + ": " + e.getMessage(), e);
    }
    http = new HealthEndpoints(bindAddress, httpPort, registry)
        .readyWhen("grpc serving", () -> !grpc.isShutdown())
        .start();
    LOG.info("rate limit service on gRPC {} and HTTP {}, store {}", grpc.getPort(), http.port(), redis);
  }

  public static RateLimitServer start(
      String bindAddress, int grpcPort, int httpPort, RedisSettings redis) {
    return new RateLimitServer(bindAddress, grpcPort, httpPort, redis);
  }

  public int grpcPort() {
    return grpc.getPort();
  }

  public int httpPort() {
    return http.port();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    grpc.shutdown();
    try {
      if (!grpc.awaitTermination(5, TimeUnit.SECONDS)) {
        grpc.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      grpc.shutdownNow();
    }
    http.close();
    store.close();
    registry.close();
  }
}
