package dev.breakwater.xds.policies.ratelimit.descriptor;

import java.util.Objects;

/** What the translator hands over for one global limit: which limit, and how it decides. */
public record GlobalLimit(LimitId id, GlobalRule rule) {
  public GlobalLimit {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(rule, "rule");
  }
}
