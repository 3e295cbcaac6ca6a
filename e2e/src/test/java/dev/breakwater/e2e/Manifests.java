package dev.breakwater.e2e;

import java.util.stream.Collectors;

/** YAML of the policies the tests apply; {@code spec} is the spec body below targetRef. */
public final class Manifests {
  private Manifests() {}

  /**
   * A policy of {@code kind} on {@code service} (and {@code port} when not null); {@code spec}
   * holds further spec fields as YAML at column 0, e.g. {@code "failureThreshold: 3\n"}.
   */
  public static String policy(String kind, String name, String service, Integer port,
      String spec) {
    String indented = spec.lines().map(l -> "  " + l).collect(Collectors.joining("\n"));
    return """
        apiVersion: %s
        kind: %s
        metadata:
          name: %s
        spec:
          targetRef: {kind: Service, name: %s%s}
        %s
        """.formatted(Kube.API_VERSION, kind, name, service,
        port == null ? "" : ", port: " + port, indented);
  }

  public static String circuitBreaker(String name, String service, int port, String spec) {
    return policy(AppliedPolicy.CIRCUIT_BREAKER, name, service, port, spec);
  }

  public static String rateLimit(String name, String service, int port, String spec) {
    return policy(AppliedPolicy.RATE_LIMIT, name, service, port, spec);
  }

  public static String healthCheck(String name, String service, int port, String spec) {
    return policy(AppliedPolicy.HEALTH_CHECK, name, service, port, spec);
  }

  public static String retryPolicy(String name, String service, int port, String spec) {
    return policy(AppliedPolicy.RETRY, name, service, port, spec);
  }

  public static String timeoutPolicy(String name, String service, int port, String spec) {
    return policy(AppliedPolicy.TIMEOUT, name, service, port, spec);
  }
}
