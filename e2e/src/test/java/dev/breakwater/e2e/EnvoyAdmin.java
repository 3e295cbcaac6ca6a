package dev.breakwater.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/** Envoy's admin API on 127.0.0.1: readiness, stats and the per-host view of clusters. */
public final class EnvoyAdmin {
  private final int port;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public EnvoyAdmin(int port) {
    this.port = port;
  }

  public int port() {
    return port;
  }

  /** True once Envoy is LIVE (it has its first listeners and clusters from the operator). */
  public boolean ready() {
    try {
      return get("/ready").startsWith("LIVE");
    } catch (IllegalStateException e) {
      return false;
    }
  }

  /** Counters and gauges whose name matches the regex, e.g. {@code ^cluster\.ns/svc/80\.}. */
  public Map<String, Long> stats(String regex) {
    Map<String, Long> stats = new TreeMap<>();
    String body = get("/stats?filter=" + URLEncoder.encode(regex, StandardCharsets.UTF_8));
    for (String line : body.split("\n")) {
      int sep = line.lastIndexOf(": ");
      if (sep > 0) {
        String value = line.substring(sep + 2).trim();
        if (value.matches("-?\\d+")) {
          stats.put(line.substring(0, sep), Long.parseLong(value));
        }
      }
    }
    return stats;
  }

  /** One counter or gauge by exact name, 0 when Envoy has not created it (yet). */
  public long stat(String name) {
    return stats("^" + java.util.regex.Pattern.quote(name) + "$").getOrDefault(name, 0L);
  }

  /** {@code /clusters} text: lines like {@code <cluster>::<ip>:<port>::health_flags::...}. */
  public String clusters() {
    return get("/clusters");
  }

  /** Health flags of one host in one cluster ("healthy", "/failed_outlier_check", ...). */
  public String healthFlags(String cluster, int hostPort) {
    String prefix = cluster + "::" + UpstreamAddress.text() + ":" + hostPort + "::health_flags::";
    return clusters().lines().filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length())).findFirst().orElse("absent");
  }

  public String configDump() {
    return get("/config_dump");
  }

  public String get(String path) {
    try {
      var uri = URI.create("http://127.0.0.1:" + port + path);
      var response = http.send(HttpRequest.newBuilder(uri)
          .timeout(Duration.ofSeconds(5)).build(), BodyHandlers.ofString());
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException("Envoy admin " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
