package dev.breakwater.e2e.scale;

import dev.breakwater.e2e.EnvoyAdmin;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * When a real Envoy runs a cluster with a given circuit breaker max_connections: its config_dump
 * (active clusters, that one name) polled every {@value #POLL_MS} ms. What a user sees with
 * {@code curl :9901/config_dump}; it comes after the ACK, once the cluster has warmed.
 */
final class EnvoyClusterProbe {
  static final long POLL_MS = 10;
  private static final Pattern MAX_CONNECTIONS = Pattern.compile("\"max_connections\": (\\d+)");

  private EnvoyClusterProbe() {}

  /** Whether the Envoy's active cluster {@code cluster} has {@code maxConnections} (or more). */
  static boolean runs(EnvoyAdmin admin, String cluster, int maxConnections) {
    String regex = "^" + Pattern.quote(cluster) + "$";
    String dump;
    try {
      dump = admin.get("/config_dump?resource=dynamic_active_clusters&name_regex="
          + URLEncoder.encode(regex, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      return false;
    }
    java.util.regex.Matcher m = MAX_CONNECTIONS.matcher(dump);
    return m.find() && Long.parseLong(m.group(1)) >= maxConnections;
  }

  /**
   * How many of the Envoy's active (warmed) dynamic clusters have a name matching {@code regex}
   * (RE2, whole name); -1 when the admin port does not answer. The cheap gauges first: the
   * config_dump is read only once Envoy has at least {@code atLeast} active clusters and none
   * warming.
   */
  static int activeCount(EnvoyAdmin admin, String regex, int atLeast) {
    try {
      java.util.Map<String, Long> gauges =
          admin.stats("^cluster_manager\\.(active|warming)_clusters$");
      if (gauges.getOrDefault("cluster_manager.active_clusters", 0L) < atLeast
          || gauges.getOrDefault("cluster_manager.warming_clusters", 0L) > 0) {
        return 0;
      }
      String dump = admin.get("/config_dump?resource=dynamic_active_clusters&name_regex="
          + URLEncoder.encode(regex, StandardCharsets.UTF_8));
      int count = 0;
      for (int at = dump.indexOf(CLUSTER_TYPE); at >= 0;
          at = dump.indexOf(CLUSTER_TYPE, at + 1)) {
        count++;
      }
      return count;
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private static final String CLUSTER_TYPE =
      "\"@type\": \"type.googleapis.com/envoy.config.cluster.v3.Cluster\"";

  /** Polls until the Envoy runs the value or {@code deadlineNanos}; returns the time or -1. */
  static long await(EnvoyAdmin admin, String cluster, int maxConnections, long deadlineNanos) {
    long[] at = {-1};
    try {
      org.awaitility.Awaitility.await("Envoy runs " + cluster + " max_connections "
              + maxConnections)
          .atMost(java.time.Duration.ofNanos(Math.max(1, deadlineNanos - System.nanoTime())))
          .pollDelay(java.time.Duration.ZERO)
          .pollInterval(java.time.Duration.ofMillis(POLL_MS))
          .until(() -> {
            if (runs(admin, cluster, maxConnections)) {
              at[0] = System.nanoTime();
              return true;
            }
            return false;
          });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      return -1;
    }
    return at[0];
  }
}
