package dev.breakwater.operator.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.breakwater.operator.net.Bind;
import dev.breakwater.operator.metrics.PrometheusText;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The operator's HTTP port: {@code /metrics} (Prometheus text), {@code /healthz} (the process
 * serves), {@code /readyz} (every readiness check passes; the failing ones are listed).
 */
public final class HealthEndpoints implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, BooleanSupplier> readiness = new LinkedHashMap<>();

  public HealthEndpoints(String bindAddress, int port, PrometheusMeterRegistry registry) {
    // the JDK's server socket sets SO_REUSEADDR already (TIME_WAIT never blocks the port)
    server = Bind.withRetry("HTTP", port,
        () -> HttpServer.create(new InetSocketAddress(bindAddress, port), 0));
    executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "breakwater-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    PrometheusText metrics = new PrometheusText(registry);
    server.createContext("/metrics", ex -> respond(ex, 200, PrometheusText.CONTENT_TYPE,
        metrics.scrape()));
    server.createContext("/healthz", ex -> respond(ex, 200, "text/plain", "ok\n"));
    server.createContext("/readyz", this::ready);
  }

  /** Another path on this port (the troubleshooting documents: /version, /debug/...). */
  public HealthEndpoints route(String path, HttpHandler handler) {
    server.createContext(path, handler);
    return this;
  }

  /** A named condition /readyz requires. */
  public HealthEndpoints readyWhen(String name, BooleanSupplier check) {
    synchronized (readiness) {
      readiness.put(name, check);
    }
    return this;
  }

  public HealthEndpoints start() {
    server.start();
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public boolean ready() {
    return failing().isEmpty();
  }

  private String failing() {
    StringBuilder failing = new StringBuilder();
    synchronized (readiness) {
      readiness.forEach((name, check) -> {
        boolean ok;
        try {
          ok = check.getAsBoolean();
        } catch (RuntimeException e) {
          ok = false;
        }
        if (!ok) {
          failing.append("not ready: ").append(name).append('\n');
        }
      });
    }
    return failing.toString();
  }

  private void ready(HttpExchange ex) throws IOException {
    String failing = failing();
    respond(ex, failing.isEmpty() ? 200 : 503, "text/plain",
        failing.isEmpty() ? "ok\n" : failing);
  }

  private static void respond(HttpExchange ex, int code, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    boolean head = "HEAD".equals(ex.getRequestMethod());
    ex.sendResponseHeaders(code, head ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      if (!head) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
