package dev.breakwater.xds.names;

import dev.breakwater.xds.model.Policy;

/**
 * Names of Envoy resources and stats, predictable so users and the operator's stats feedback can
 * find them: cluster, virtual host and route names are {@code <namespace>/<service>/<port>}.
 */
public final class EnvoyNames {
  public static final String LISTENER = "breakwater-http";
  /** The listener's scoped routes: one scope per host name, one RouteConfiguration per Service. */
  public static final String SCOPED_ROUTES = "breakwater-http";
  /**
   * The bootstrap's cluster of the operator's gRPC port ({@code helm-chart/files/envoy-bootstrap.yaml}):
   * scoped routes come over their own stream to it, as java-control-plane's ADS does not carry them.
   */
  public static final String XDS_CLUSTER = "breakwater_xds";
  /** The cluster of the global rate limit service (present while some limit is Global). */
  public static final String RATE_LIMIT_SERVICE_CLUSTER = "breakwater_ratelimit";
  /** Stat prefix of the listener's HTTP connection manager. */
  public static final String HTTP_STAT_PREFIX = "breakwater";
  /** Where every rate limit stat prefix starts. */
  public static final String RATE_LIMIT_STAT_ROOT = "breakwater_rl~";

  private EnvoyNames() {}

  public static String cluster(String namespace, String service, int port) {
    return namespace + "/" + service + "/" + port;
  }

  /** The RouteConfiguration of the Service a policy targets (in its own namespace). */
  public static String routeConfiguration(Policy policy) {
    String namespace = policy.targetRef().namespace() != null
        ? policy.targetRef().namespace() : policy.meta().namespace();
    return routeConfiguration(namespace, policy.targetRef().name());
  }

  /** The RouteConfiguration of one Service: a virtual host per port. */
  public static String routeConfiguration(String namespace, String service) {
    return namespace + "/" + service;
  }

  public static String virtualHost(String namespace, String service, int port) {
    return cluster(namespace, service, port);
  }

  /**
   * The cluster of a Service port a policy of {@code routedCluster} sends requests to (a
   * fallback): its own, so that traffic is counted apart from the Service's own.
   */
  public static String backendCluster(String routedCluster, String kind, String service,
      int port) {
    return routedCluster + "/" + Character.toLowerCase(kind.charAt(0)) + kind.substring(1) + "/"
        + service + "/" + port;
  }

  /** The catch-all route of a virtual host. */
  public static String route(String namespace, String service, int port) {
    return cluster(namespace, service, port);
  }

  /** A route of its own for a rate limit with a {@code match}. */
  public static String matchRoute(String namespace, String service, int port, String limit) {
    return cluster(namespace, service, port) + "/" + limit;
  }

  /**
   * Stat prefix of the rate limits on one route: {@code limit} is the name of the limit whose
   * {@code match} made the route, or {@code _all} for the catch-all route. Envoy emits
   * {@code <prefix>.http_local_rate_limit.{enabled,enforced,rate_limited,ok}}. Dots and slashes
   * would split the stat name; {@code ~} cannot occur in Kubernetes names, so it separates.
   */
  public static String rateLimitStatPrefix(String namespace, String policy, String limit) {
    return RATE_LIMIT_STAT_ROOT + namespace + "~" + policy + "~" + limit;
  }
}
