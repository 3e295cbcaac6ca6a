package dev.breakwater.e2e;

import java.util.Map;

/**
 * One simulated client: its own keep-alive connection, sending GET {@code path} with {@code Host:
 * host} and {@code headers}, either paced at {@code ratePerSecond} or (0) back to back.
 */
public record LoadClient(String name, String host, String path, Map<String, String> headers,
    double ratePerSecond) {

  public static LoadClient unpaced(String name, String host, String path) {
    return new LoadClient(name, host, path, Map.of(), 0);
  }

  public static LoadClient paced(String name, String host, String path, double rps) {
    return new LoadClient(name, host, path, Map.of(), rps);
  }

  public LoadClient withHeader(String header, String value) {
    var h = new java.util.LinkedHashMap<>(headers);
    h.put(header, value);
    return new LoadClient(name, host, path, Map.copyOf(h), ratePerSecond);
  }
}
