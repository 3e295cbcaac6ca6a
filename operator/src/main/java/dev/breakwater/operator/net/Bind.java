package dev.breakwater.operator.net;

import dev.breakwater.operator.kube.Backoff;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listening on a port that may not be free yet: a replacement process can start while the one
 * it replaces is still going away (kill -9 in a container, a slow shutdown), or another process
 * briefly holds the port. Both servers set SO_REUSEADDR (connections of the previous process in
 * TIME_WAIT never block the port); a port really taken is retried with back-off, saying so,
 * before giving up.
 */
public final class Bind {

  private static final Logger LOG = LoggerFactory.getLogger(Bind.class);
  /** How long a taken port is retried before the start fails. */
  public static final Duration GIVE_UP_AFTER = Duration.ofMinutes(2);

  /** One attempt to listen. */
  @FunctionalInterface
  public interface Attempt<T> {
    T listen() throws IOException;
  }

  private Bind() {}

  public static <T> T withRetry(String what, int port, Attempt<T> attempt) {
    Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(5));
    long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
    for (int tries = 1; ; tries++) {
      try {
        T listening = attempt.listen();
        if (tries > 1) {
          LOG.info("{} listening on port {} after {} attempts", what, port, tries);
        }
        return listening;
      } catch (IOException e) {
        if (!inUse(e) || System.nanoTime() > deadline) {
          throw new UncheckedIOException("cannot listen for " + what + " on port " + port + ": "
              + e.getMessage(), e);
        }
        Duration wait = backoff.next();
        LOG.warn("port {} for {} is in use (a previous process still going away?); retrying in"
            + " {} ms", port, what, wait.toMillis());
        if (!backoff.pauseFor(wait)) {
          throw new UncheckedIOException("interrupted while waiting for port " + port, e);
        }
      }
    }
  }

  private static boolean inUse(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException
          || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
        return true;
      }
    }
    return false;
  }
}
