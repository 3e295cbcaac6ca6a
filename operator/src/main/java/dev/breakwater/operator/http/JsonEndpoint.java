package dev.breakwater.operator.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A read-only JSON document on the HTTP port (GET or HEAD), computed per request. */
public final class JsonEndpoint implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(JsonEndpoint.class);
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  private final Supplier<?> document;

  public JsonEndpoint(Supplier<?> document) {
    this.document = document;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      send(ex, 405, Map.of("error", "only GET"));
      return;
    }
    Object body;
    try {
      body = document.get();
    } catch (RuntimeException e) {
      LOG.warn("{} failed: {}", ex.getRequestURI().getPath(), e.getMessage());
      send(ex, 500, Map.of("error", String.valueOf(e.getMessage())));
      return;
    }
    send(ex, 200, body);
  }

  private static void send(HttpExchange ex, int code, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    boolean head = "HEAD".equals(ex.getRequestMethod());
    ex.sendResponseHeaders(code, head ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      if (!head) {
        out.write(bytes);
      }
    }
  }
}
