package dev.breakwater.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An HTTP upstream on this host ({@link UpstreamAddress}) that the tests control: it can be slow, answer a fixed status,
 * fail its health path, answer each try of a request by a {@link TrySchedule}, and it counts
 * requests, the highest number in flight at once and every try per request ({@link TryLog}).
 * Every path answers 200 with its name in the body and in {@code x-upstream}, except
 * {@link #HEALTH_PATH}, which answers 200 or 503 by {@link #healthy(boolean)}, or any status
 * {@link #healthStatus(int)} sets.
 */
public final class Upstream implements AutoCloseable {
  public static final String HEALTH_PATH = "/health";

  private final String name;
  private final HttpServer server;
  private final ExecutorService handlers;
  // Slow answers are completed later from here, so a slow request does not hold a handler thread.
  private final ScheduledExecutorService delayed;
  private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);
  private final AtomicInteger forcedStatus = new AtomicInteger(0);
  private volatile int healthStatus = 200;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong healthChecks = new AtomicLong();
  private final AtomicLong failedHealthChecks = new AtomicLong();
  /** When each counted request arrived (System.nanoTime), since the last reset; bounded. */
  private final java.util.concurrent.ConcurrentLinkedQueue<Long> arrivals =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private static final int MAX_ARRIVALS = 100_000;
  private final TryLog tries = new TryLog();
  private volatile TrySchedule schedule = TrySchedule.NONE;

  private Upstream(String name, HttpServer server, ExecutorService handlers,
      ScheduledExecutorService delayed) {
    this.name = name;
    this.server = server;
    this.handlers = handlers;
    this.delayed = delayed;
  }

  public static Upstream start(String name) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(UpstreamAddress.get(), 0), 256);
      ExecutorService handlers = Executors.newFixedThreadPool(8, r -> daemon(r, name + "-http"));
      ScheduledExecutorService delayed =
          Executors.newScheduledThreadPool(2, r -> daemon(r, name + "-delay"));
      Upstream upstream = new Upstream(name, server, handlers, delayed);
      server.createContext("/", upstream::handle);
      server.setExecutor(handlers);
      server.start();
      return upstream;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  public String name() {
    return name;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Answer every non-health request only after this long. */
  public Upstream delay(Duration d) {
    delay.set(d);
    return this;
  }

  /** Answer every non-health request with this status (0 = normal 200). */
  public Upstream failWith(int status) {
    forcedStatus.set(status);
    return this;
  }

  /** Answer each try of a request by its number within the request (failWith/delay otherwise). */
  public Upstream schedule(TrySchedule s) {
    schedule = s;
    return this;
  }

  /** Every try received (non-health), by request. */
  public TryLog tries() {
    return tries;
  }

  public Upstream healthy(boolean h) {
    return healthStatus(h ? 200 : 503);
  }

  /** What {@link #HEALTH_PATH} answers; anything but 200 counts as a failed health check. */
  public Upstream healthStatus(int status) {
    healthStatus = status;
    return this;
  }

  public long requests() {
    return requests.get();
  }

  public long healthChecks() {
    return healthChecks.get();
  }

  /** Health checks answered other than 200 (since start). */
  public long failedHealthChecks() {
    return failedHealthChecks.get();
  }

  public int maxInFlight() {
    return maxInFlight.get();
  }

  public int inFlight() {
    return inFlight.get();
  }

  /** Arrival times (System.nanoTime) of the requests counted since the last reset. */
  public java.util.List<Long> arrivals() {
    return java.util.List.copyOf(arrivals);
  }

  public void resetCounters() {
    arrivals.clear();
    requests.set(0);
    tries.clear();
    healthChecks.set(0);
    maxInFlight.set(inFlight.get());
  }

  private void handle(HttpExchange exchange) {
    if (exchange.getRequestURI().getPath().equals(HEALTH_PATH)) {
      int status = healthStatus;
      healthChecks.incrementAndGet();
      if (status != 200) {
        failedHealthChecks.incrementAndGet();
      }
      respond(exchange, status, false);
      return;
    }
    long arrived = System.nanoTime();
    if (requests.incrementAndGet() <= MAX_ARRIVALS) {
      arrivals.add(arrived);
    }
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    String requestId = exchange.getRequestHeaders().getFirst("x-request-id");
    int attempt = tries.record(requestId == null ? "none-" + arrived : requestId,
        exchange.getRequestMethod(), arrived);
    TrySchedule s = schedule;
    int scheduled = s.status(attempt);
    int status = scheduled != 0 ? scheduled : forcedStatus.get() == 0 ? 200 : forcedStatus.get();
    java.util.Map<String, String> headers =
        scheduled != 0 ? s.failureHeaders() : java.util.Map.of();
    Duration d = s.delay(attempt).isZero() ? delay.get() : s.delay(attempt);
    try {
      exchange.getRequestBody().readAllBytes();
    } catch (IOException e) {
      // the body only matters to Envoy (it buffers it for retries)
    }
    if (d.isZero()) {
      respond(exchange, status, true, headers);
    } else {
      delayed.schedule(() -> respond(exchange, status, true, headers), d.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  private void respond(HttpExchange exchange, int status, boolean counted) {
    respond(exchange, status, counted, java.util.Map.of());
  }

  private void respond(HttpExchange exchange, int status, boolean counted,
      java.util.Map<String, String> headers) {
    byte[] body = (name + "\n").getBytes(StandardCharsets.UTF_8);
    try (exchange) {
      if (counted) {
        inFlight.decrementAndGet();
      }
      headers.forEach(exchange.getResponseHeaders()::add);
      exchange.getResponseHeaders().add("x-upstream", name);
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
    } catch (IOException e) {
      // The client (Envoy) went away, e.g. its timeout fired; nothing to answer.
    }
  }

  @Override
  public void close() {
    server.stop(0);
    delayed.shutdownNow();
    handlers.shutdownNow();
  }
}
