package dev.breakwater.operator.ratelimit.store;

import dev.breakwater.xds.policies.ratelimit.descriptor.GlobalRule;
import dev.breakwater.operator.ratelimit.rules.LimitCheck;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each decision is one EVALSHA of the algorithm's script on the budget's key: one atomic round
 * trip, on the shard owning the key. A server that lost its script cache (restart, failover)
 * answers NOSCRIPT once and gets the script with EVAL. All state is in Redis: the service keeps
 * nothing a restart would lose.
 */
public final class RedisLimitStore implements LimitStore {

  static final LuaScript TOKEN_BUCKET = LuaScript.load("token_bucket.lua");
  static final LuaScript SLIDING_WINDOW = LuaScript.load("sliding_window.lua");
  static final LuaScript FIXED_WINDOW = LuaScript.load("fixed_window.lua");

  private final RedisConnector connector;
  private final long timeoutNanos;
  /** Sliding-log members must be unique across replicas: a random prefix and a counter. */
  private final String memberPrefix = Long.toString(new SecureRandom().nextLong() >>> 1, 36);
  private final AtomicLong sequence = new AtomicLong();

  private RedisLimitStore(RedisConnector connector, RedisSettings settings) {
    this.connector = connector;
    this.timeoutNanos = settings.timeout().toNanos();
  }

  /** Connects in the background if Redis is not there yet; decisions fail meanwhile. */
  public static RedisLimitStore start(RedisSettings settings) {
    return new RedisLimitStore(new RedisConnector(settings).start(), settings);
  }

  public boolean connected() {
    return connector.connected();
  }

  @Override
  public CompletableFuture<Decision> decide(LimitCheck check) {
    GlobalRule rule = check.limit().rule();
    String[] keys = {RedisKeys.of(check)};
    String hits = Integer.toString(check.hits());
    String requests = Long.toString(rule.requests());
    String period = Long.toString(rule.periodMicros());
    LuaScript script;
    String[] args;
    switch (rule.algorithm()) {
      case TokenBucket -> {
        script = TOKEN_BUCKET;
        args = new String[] {hits, requests, period, Long.toString(rule.burst())};
      }
      case SlidingWindow -> {
        script = SLIDING_WINDOW;
        args = new String[] {hits, requests, period,
            memberPrefix + "-" + Long.toString(sequence.incrementAndGet(), 36)};
      }
      default -> {
        script = FIXED_WINDOW;
        args = new String[] {hits, requests, period};
      }
    }
    CompletableFuture<List<Object>> reply;
    try {
      reply = run(connector.commands(), script, keys, args);
    } catch (StoreException e) {
      return CompletableFuture.failedFuture(e);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(storeError(e));
    }
    return reply.orTimeout(timeoutNanos, TimeUnit.NANOSECONDS)
        .handle((values, failure) -> {
          if (failure != null) {
            throw storeError(failure);
          }
          return decision(values);
        });
  }

  private static CompletableFuture<List<Object>> run(
      RedisScriptingAsyncCommands<String, String> commands, LuaScript script, String[] keys,
      String[] args) {
    CompletableFuture<List<Object>> first =
        commands.<List<Object>>evalsha(script.sha1(), ScriptOutputType.MULTI, keys, args)
            .toCompletableFuture();
    return first.handle((values, failure) -> {
      if (failure == null) {
        return CompletableFuture.completedFuture(values);
      }
      if (unwrap(failure) instanceof RedisNoScriptException) {
        return commands.<List<Object>>eval(script.source(), ScriptOutputType.MULTI, keys, args)
            .toCompletableFuture();
      }
      return CompletableFuture.<List<Object>>failedFuture(unwrap(failure));
    }).thenCompose(f -> f);
  }

  private static Decision decision(List<Object> values) {
    if (values == null || values.size() != 5) {
      throw new StoreException("error", "unexpected script reply " + values, null);
    }
    return new Decision(
        ((Long) values.get(0)) == 1L, (Long) values.get(1), (Long) values.get(2), (Long) values.get(3),
        (Long) values.get(4));
  }

  private static StoreException storeError(Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof StoreException e) {
      return e;
    }
    if (cause instanceof TimeoutException || cause instanceof RedisCommandTimeoutException) {
      return new StoreException("timeout", "Redis did not answer in time", cause);
    }
    if (cause instanceof RedisConnectionException
        || String.valueOf(cause.getMessage()).contains("not connected")) {
      return new StoreException("unavailable", "Redis unavailable: " + cause.getMessage(), cause);
    }
    return new StoreException("error", "Redis error: " + cause.getMessage(), cause);
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  @Override
  public void close() {
    connector.close();
  }
}
