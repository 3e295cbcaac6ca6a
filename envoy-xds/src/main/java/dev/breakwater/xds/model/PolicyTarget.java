package dev.breakwater.xds.model;

/**
 * What a policy attaches to. Only {@code kind: Service} in the policy's own namespace resolves;
 * {@code namespace} is kept so a cross-namespace reference can be reported, not followed.
 *
 * @param port a Service port number, or null for every port of the Service
 */
public record PolicyTarget(String group, String kind, String name, Integer port, String namespace) {

  public PolicyTarget {
    group = group == null ? "" : group;
    kind = kind == null ? "Service" : kind;
  }

  public static PolicyTarget service(String name, Integer port) {
    return new PolicyTarget("", "Service", name, port, null);
  }
}
