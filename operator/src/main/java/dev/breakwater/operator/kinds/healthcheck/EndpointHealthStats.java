package dev.breakwater.operator.kinds.healthcheck;

import dev.breakwater.operator.stats.StatsView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Envoy's per-endpoint health gauge, {@code cluster.<c>.endpoint.<address>.healthy}: 1 while the
 * endpoint takes part in load balancing, 0 while it does not (failing its active check, not ready
 * in EDS, or ejected). Envoy writes the address with {@code :} as {@code _}:
 * {@code 10.244.1.7_8080}, {@code [fd00__7]_8080}. Needs the cluster's
 * {@code track_cluster_stats.per_endpoint_stats}; reaches the operator through the bootstrap's
 * OpenTelemetry sink.
 */
final class EndpointHealthStats {
  private static final String INFIX = ".endpoint.";
  private static final String SUFFIX = ".healthy";

  private EndpointHealthStats() {}

  /** True for {@code cluster.<c>.endpoint.<address>.healthy}. */
  static boolean isEndpointHealth(String statName) {
    return statName.startsWith("cluster.") && statName.endsWith(SUFFIX)
        && statName.contains(INFIX);
  }

  /** The gauge's name for an endpoint written as {@code host:port} ({@code [v6]:port}). */
  static String name(String cluster, String address) {
    return "cluster." + cluster + INFIX + address.replace(':', '_') + SUFFIX;
  }

  /**
   * Every endpoint of the clusters some proxy reports, in stat-name order; unhealthy when any
   * proxy reports it so (the worst view wins, as for the counts).
   */
  static List<EndpointHealth> read(List<String> clusters, StatsView stats) {
    List<EndpointHealth> out = new ArrayList<>();
    for (String cluster : clusters) {
      String prefix = "cluster." + cluster + INFIX;
      for (Map.Entry<String, List<Double>> gauge : stats.gaugesStartingWith(prefix).entrySet()) {
        String name = gauge.getKey();
        if (!name.endsWith(SUFFIX) || gauge.getValue().isEmpty()) {
          continue;
        }
        String address = address(name.substring(prefix.length(), name.length() - SUFFIX.length()));
        boolean healthy = gauge.getValue().stream().allMatch(v -> v >= 1);
        out.add(new EndpointHealth(cluster, address, healthy));
      }
    }
    return out;
  }

  /** {@code 10.244.1.7_8080} -> {@code 10.244.1.7:8080}; {@code [fd00__7]_8080} -> {@code [fd00::7]:8080}. */
  static String address(String statAddress) {
    int port = statAddress.lastIndexOf('_');
    if (port < 0) {
      return statAddress;
    }
    String host = statAddress.substring(0, port);
    if (host.startsWith("[")) {
      host = host.replace('_', ':');
    }
    return host + ":" + statAddress.substring(port + 1);
  }
}
