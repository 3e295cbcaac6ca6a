package dev.breakwater.operator.ratelimit.store;

import dev.breakwater.operator.ratelimit.rules.LimitCheck;
import java.util.concurrent.CompletableFuture;

/** Decides one check against shared state; fails with {@link StoreException}, never hangs. */
public interface LimitStore extends AutoCloseable {

  CompletableFuture<Decision> decide(LimitCheck check);

  @Override
  void close();
}
