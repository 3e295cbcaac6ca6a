package dev.breakwater.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A port free right now, for processes that need the number before they bind (Envoy's listener
 * and admin ports). Taken below Linux's ephemeral range (32768-60999): a port the kernel handed
 * out for "any free port" is also what it hands to outgoing connections, and one of those (the
 * suite's own load, Envoy's upstream connections) took such a port between the test asking and
 * Envoy binding, which then failed with "Address already in use".
 */
public final class FreePorts {
  private static final int FIRST = 20_000;
  private static final int LAST = 32_000;
  private static final AtomicInteger NEXT =
      new AtomicInteger(FIRST + (int) (ProcessHandle.current().pid() % (LAST - FIRST)));

  private FreePorts() {}

  public static int next() {
    for (int tries = 0; tries < LAST - FIRST; tries++) {
      int port = FIRST + Math.floorMod(NEXT.getAndIncrement() - FIRST, LAST - FIRST);
      if (bindable(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port in " + FIRST + "-" + LAST);
  }

  private static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(port), 1); // the wildcard address, as Envoy binds its listener
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
