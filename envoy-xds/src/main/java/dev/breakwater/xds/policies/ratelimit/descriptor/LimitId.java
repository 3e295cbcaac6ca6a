package dev.breakwater.xds.policies.ratelimit.descriptor;

import java.util.Objects;

/**
 * One limit of one RateLimitPolicy: {@code <namespace>/<policy>/<limit>}. Names are DNS labels or
 * subdomains, so none contains a slash and the text form parses back unambiguously.
 */
public record LimitId(String namespace, String policy, String limit) {

  public LimitId {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(limit, "limit");
  }

  /** Parses {@code <namespace>/<policy>/<limit>}; every part non-empty. */
  public static LimitId parse(String text) {
    String[] parts = text.split("/", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
      throw new InvalidDescriptorException(
          "limit id must be <namespace>/<policy>/<limit>, got \"" + text + "\"");
    }
    return new LimitId(parts[0], parts[1], parts[2]);
  }

  @Override
  public String toString() {
    return namespace + "/" + policy + "/" + limit;
  }
}
