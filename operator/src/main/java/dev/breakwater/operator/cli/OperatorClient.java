package dev.breakwater.operator.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * The CLI's side of the operator's HTTP port ({@code --server}, typically a port-forward:
 * {@code kubectl -n breakwater-system port-forward deploy/breakwater 8080}).
 */
final class OperatorClient {

  static final String DEFAULT_SERVER = "http://127.0.0.1:8080";
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final URI base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  OperatorClient(String server) {
    String s = server.contains("://") ? server : "http://" + server;
    this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
  }

  /** GETs {@code path} as {@code type}; the message of the exception says what to check. */
  <T> T get(String path, Class<T> type) throws UnreachableException {
    URI uri = URI.create(base + path);
    HttpResponse<String> response;
    try {
      response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException | HttpTimeoutException e) {
      throw new UnreachableException("cannot reach the operator at " + base + " (" + e
          + "); port-forward its HTTP port first, e.g. kubectl -n breakwater-system "
          + "port-forward deploy/breakwater 8080, or pass --server");
    } catch (IOException e) {
      throw new UnreachableException("cannot reach the operator at " + base + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnreachableException("interrupted");
    }
    if (response.statusCode() == 404) {
      throw new UnreachableException(uri + " answered 404: is this a Breakwater operator of "
          + "this version or newer?");
    }
    if (response.statusCode() != 200) {
      throw new UnreachableException(uri + " answered " + response.statusCode() + ": "
          + response.body());
    }
    try {
      return JSON.readValue(response.body(), type);
    } catch (IOException e) {
      throw new UnreachableException(uri + " did not answer JSON: " + e.getMessage());
    }
  }

  static String json(Object value) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The operator could not be asked; the message is for the user. */
  static final class UnreachableException extends Exception {
    UnreachableException(String message) {
      super(message);
    }
  }
}
