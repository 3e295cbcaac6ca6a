package dev.breakwater.xds.model;

import java.util.Objects;

/** One policy object: identity, target and the kind-specific spec. */
public record Policy(PolicyMeta meta, PolicyTarget targetRef, PolicySettings spec) {

  public Policy {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(targetRef, "targetRef");
    Objects.requireNonNull(spec, "spec");
  }

  public String kind() {
    return meta.kind();
  }
}
