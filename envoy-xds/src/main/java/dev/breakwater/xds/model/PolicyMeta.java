package dev.breakwater.xds.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Identity of a policy object; creation time and name order conflicts (oldest wins).
 *
 * @param kind the Kubernetes kind, e.g. {@code CircuitBreakerPolicy}
 */
public record PolicyMeta(
    String kind, String namespace, String name, long generation, Instant creationTimestamp) {

  public PolicyMeta {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    creationTimestamp = creationTimestamp == null ? Instant.EPOCH : creationTimestamp;
  }

  /** {@code Kind/namespace/name}. */
  public String key() {
    return kind + "/" + namespace + "/" + name;
  }
}
