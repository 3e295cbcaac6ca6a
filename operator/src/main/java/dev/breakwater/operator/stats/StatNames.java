package dev.breakwater.operator.stats;

import dev.breakwater.operator.kinds.OperatorKinds;
import java.util.List;

/**
 * The Envoy statistics the operator reads (full stat names, as the metrics_service sink sends
 * them without emit_tags_as_labels): the ones every kind shares are here, each kind names its own
 * ({@code OperatorKind.keep}).
 */
public final class StatNames {

  public static final String SERVER_UPTIME = "server.uptime";
  /** Gauges: endpoints passing health checks (and not ejected) / endpoints known. */
  public static final String MEMBERSHIP_HEALTHY = "membership_healthy";
  public static final String MEMBERSHIP_TOTAL = "membership_total";

  private StatNames() {}

  public static String cluster(String clusterName, String stat) {
    return "cluster." + clusterName + "." + stat;
  }

  /** The name under which a stat is kept, or null for stats the operator does not read. */
  public static String keep(String name) {
    return name.equals(SERVER_UPTIME) ? name : OperatorKinds.keep(name);
  }

  /** {@code name} when it is {@code cluster.<c>.<one of stats>}, else null. */
  public static String keepClusterStat(String name, List<String> stats) {
    if (name.startsWith("cluster.")) {
      for (String stat : stats) {
        // ".<stat>" at the end, without building that string: a flush names ~100,000 stats
        int dot = name.length() - stat.length() - 1;
        if (dot > 0 && name.charAt(dot) == '.' && name.endsWith(stat)) {
          return name;
        }
      }
    }
    return null;
  }

  /** The highest of one gauge over proxies (0 when none reports it). */
  public static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }
}
