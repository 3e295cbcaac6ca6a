package dev.breakwater.operator.stats;

import dev.breakwater.xds.translate.Names;
import java.util.List;

/**
 * The Envoy statistics the operator reads (full stat names, as the metrics_service sink sends
 * them without emit_tags_as_labels).
 */
public final class StatNames {

  public static final String SERVER_UPTIME = "server.uptime";

  /** Gauge: endpoints outlier detection holds ejected right now (Enforce mode). */
  public static final String EJECTIONS_ACTIVE = "outlier_detection.ejections_active";
  /**
   * Counters of detections, enforced or not. In DryRun every enforcing_* is 0, so nothing is
   * ejected and ejections_active stays 0; these still count what would have been ejected.
   */
  public static final List<String> EJECTIONS_DETECTED = List.of(
      "outlier_detection.ejections_detected_consecutive_5xx",
      "outlier_detection.ejections_detected_consecutive_gateway_failure",
      "outlier_detection.ejections_detected_failure_percentage");
  /** Counters: requests failed because a circuit_breakers threshold was reached. */
  public static final String PENDING_OVERFLOW = "upstream_rq_pending_overflow";
  public static final String RETRY_OVERFLOW = "upstream_rq_retry_overflow";
  /** Gauges: endpoints passing health checks (and not ejected) / endpoints known. */
  public static final String MEMBERSHIP_HEALTHY = "membership_healthy";
  public static final String MEMBERSHIP_TOTAL = "membership_total";

  public static final String RATE_LIMITED = "http_local_rate_limit.rate_limited";
  public static final String RATE_LIMIT_OK = "http_local_rate_limit.ok";

  private static final String RATE_LIMIT_PREFIX_START = "breakwater_rl~";
  private static final List<String> CLUSTER_SUFFIXES;

  static {
    CLUSTER_SUFFIXES = new java.util.ArrayList<>(EJECTIONS_DETECTED);
    CLUSTER_SUFFIXES.addAll(List.of(EJECTIONS_ACTIVE, PENDING_OVERFLOW, RETRY_OVERFLOW,
        MEMBERSHIP_HEALTHY, MEMBERSHIP_TOTAL));
  }

  private StatNames() {}

  public static String cluster(String clusterName, String stat) {
    return "cluster." + clusterName + "." + stat;
  }

  public static String rateLimit(String namespace, String policy, String limit, String stat) {
    return Names.rateLimitStatPrefix(namespace, policy, limit) + "." + stat;
  }

  /**
   * The start every rate limit stat of one policy shares. Envoy keeps one set of counters per
   * route config (a route per limit with a match, plus the catch-all route), so a policy's
   * counters are the sum over all names with this start; {@code ~} cannot occur in Kubernetes
   * names, so no other policy's stats share it.
   */
  public static String rateLimitPolicyPrefix(String namespace, String policy) {
    return Names.rateLimitStatPrefix(namespace, policy, "");
  }

  /**
   * The name under which a stat is kept, or null for stats the operator does not read. Rate
   * limit stats are cut to start at their Breakwater prefix, whatever scope Envoy roots them in.
   */
  public static String keep(String name) {
    if (name.equals(SERVER_UPTIME)) {
      return name;
    }
    int rl = name.indexOf(RATE_LIMIT_PREFIX_START);
    if (rl >= 0) {
      return name.endsWith(RATE_LIMITED) || name.endsWith(RATE_LIMIT_OK)
          ? name.substring(rl) : null;
    }
    if (name.startsWith("cluster.")) {
      for (String suffix : CLUSTER_SUFFIXES) {
        if (name.endsWith("." + suffix)) {
          return name;
        }
      }
    }
    return null;
  }
}
