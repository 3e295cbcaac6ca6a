package dev.breakwater.operator.cli;

import dev.breakwater.operator.ratelimit.service.RateLimitServer;
import dev.breakwater.operator.ratelimit.store.RedisSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the global rate limit service until the process is told to stop. */
@Command(name = "ratelimit", mixinStandardHelpOptions = true,
    description = "Serve Envoy's rate limit service (envoy.service.ratelimit.v3) for global "
        + "limits, with the budgets in Redis (standalone or cluster).")
public final class RateLimitCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(RateLimitCommand.class);

  @Option(names = "--grpc-port", defaultValue = "${env:BREAKWATER_RLS_GRPC_PORT:-8081}",
      description = "gRPC port Envoy's ratelimit filter calls (env BREAKWATER_RLS_GRPC_PORT, "
          + "default ${DEFAULT-VALUE}; 0 = any free port)")
  int grpcPort;

  @Option(names = "--http-port", defaultValue = "${env:BREAKWATER_RLS_HTTP_PORT:-8080}",
      description = "HTTP port for /metrics, /healthz, /readyz (env BREAKWATER_RLS_HTTP_PORT, "
          + "default ${DEFAULT-VALUE})")
  int httpPort;

  @Option(names = "--bind-address", defaultValue = "${env:BREAKWATER_BIND_ADDRESS:-0.0.0.0}",
      description = "Address both ports listen on (env BREAKWATER_BIND_ADDRESS, "
          + "default ${DEFAULT-VALUE})")
  String bindAddress;

  @Option(names = "--redis", split = ",", required = true,
      defaultValue = "${env:BREAKWATER_REDIS_ADDRESSES}",
      description = "Redis host:port; with --redis-cluster, comma-separated seed nodes "
          + "(env BREAKWATER_REDIS_ADDRESSES)")
  List<String> redis;

  @Option(names = "--redis-cluster", negatable = true,
      defaultValue = "${env:BREAKWATER_REDIS_CLUSTER:-false}", fallbackValue = "true",
      description = "The addresses are Redis Cluster nodes (env BREAKWATER_REDIS_CLUSTER, "
          + "default ${DEFAULT-VALUE})")
  boolean redisCluster;

  @Option(names = "--redis-tls", negatable = true,
      defaultValue = "${env:BREAKWATER_REDIS_TLS:-false}", fallbackValue = "true",
      description = "Connect to Redis over TLS (env BREAKWATER_REDIS_TLS, default ${DEFAULT-VALUE})")
  boolean redisTls;

  @Option(names = "--store-timeout-ms", defaultValue = "${env:BREAKWATER_RLS_STORE_TIMEOUT_MS:-50}",
      description = "Longest a decision waits for Redis; keep it below the Envoy filter's timeout "
          + "(env BREAKWATER_RLS_STORE_TIMEOUT_MS, default ${DEFAULT-VALUE})")
  long storeTimeoutMs;

  RedisSettings redisSettings() {
    // the password only from the environment (a Secret), never from a flag in the process list
    String password = System.getenv("BREAKWATER_REDIS_PASSWORD");
    return new RedisSettings(redisCluster, redis.stream().map(String::trim)
        .filter(s -> !s.isEmpty()).toList(), redisTls, password,
        Duration.ofMillis(storeTimeoutMs), Duration.ofSeconds(1));
  }

  @Override
  public Integer call() throws InterruptedException {
    RateLimitServer server = RateLimitServer.start(bindAddress, grpcPort, httpPort, redisSettings());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("stopping");
      server.close();
      stopped.countDown();
    }, "breakwater-shutdown"));
    stopped.await();
    return 0;
  }
}
