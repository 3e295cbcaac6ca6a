package dev.breakwater.operator.ratelimit.store;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Lettuce connection (standalone or cluster) that never makes a caller wait for Redis to come
 * back. Once connected, Lettuce reconnects by itself and rejects commands while disconnected
 * ({@code REJECT_COMMANDS}, so a decision fails at once instead of queueing). A first connection
 * that fails (Redis down when the service starts) is retried in the background every second,
 * with or without traffic, while callers get {@link StoreException} meanwhile.
 */
final class RedisConnector implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RedisConnector.class);

  private final RedisSettings settings;
  private final ClientResources resources = DefaultClientResources.create();
  private static final Duration RETRY = Duration.ofSeconds(1);

  private final ScheduledExecutorService connecting = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "breakwater-redis-connect");
    t.setDaemon(true);
    return t;
  });
  private final RedisClient standalone;
  private final RedisClusterClient cluster;
  private volatile StatefulConnection<String, String> connection;
  private volatile RedisScriptingAsyncCommands<String, String> commands;
  private volatile boolean closed;

  RedisConnector(RedisSettings settings) {
    this.settings = settings;
    SocketOptions socket = SocketOptions.builder().connectTimeout(settings.connectTimeout()).build();
    TimeoutOptions timeouts = TimeoutOptions.enabled(settings.timeout());
    if (settings.cluster()) {
      cluster = RedisClusterClient.create(resources, settings.uris());
      cluster.setOptions(ClusterClientOptions.builder()
          .socketOptions(socket)
          .timeoutOptions(timeouts)
          .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
          // a failover moves slots: learn the new owner from MOVED/ASK and reconnect events
          // at once, and every few seconds regardless
          .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
              .enableAllAdaptiveRefreshTriggers()
              .adaptiveRefreshTriggersTimeout(Duration.ofMillis(500))
              .enablePeriodicRefresh(Duration.ofSeconds(5))
              .build())
          .build());
      standalone = null;
    } else {
      standalone = RedisClient.create(resources, settings.uris().get(0));
      standalone.setOptions(ClientOptions.builder()
          .socketOptions(socket)
          .timeoutOptions(timeouts)
          .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
          .build());
      cluster = null;
    }
  }

  /** Connects now if it can; if not, keeps trying in the background. */
  RedisConnector start() {
    attempt();
    return this;
  }

  /** The commands, or a StoreException while there is no connection yet. */
  RedisScriptingAsyncCommands<String, String> commands() {
    RedisScriptingAsyncCommands<String, String> current = commands;
    if (current == null) {
      throw new StoreException("unavailable", "not connected to Redis " + settings.addresses(), null);
    }
    return current;
  }

  boolean connected() {
    StatefulConnection<String, String> c = connection;
    return c != null && c.isOpen();
  }

  private void attempt() {
    if (closed || commands != null) {
      return;
    }
    try {
      if (cluster != null) {
        StatefulRedisClusterConnection<String, String> c = cluster.connect();
        connection = c;
        commands = c.async();
      } else {
        StatefulRedisConnection<String, String> c = standalone.connect();
        connection = c;
        commands = c.async();
      }
      LOG.info("connected to Redis {}", settings);
    } catch (RuntimeException e) {
      LOG.warn("cannot connect to Redis {} yet (retrying every {}): {}", settings.addresses(), RETRY,
          e.getMessage());
      if (!closed) {
        connecting.schedule(this::attempt, RETRY.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    connecting.shutdownNow();
    StatefulConnection<String, String> c = connection;
    if (c != null) {
      c.close();
    }
    if (cluster != null) {
      cluster.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    } else {
      standalone.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }
}
