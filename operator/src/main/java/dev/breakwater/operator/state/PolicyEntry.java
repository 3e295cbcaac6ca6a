package dev.breakwater.operator.state;

import dev.breakwater.xds.model.Policy;
import java.util.Objects;

/**
 * What the operator knows about one policy object: either its model (valid) or why it could not
 * be read (invalid). Invalid policies are kept so their status can say why.
 *
 * @param policy null when invalid
 * @param invalidReason null when valid; names the field (from InvalidObjectException)
 */
public record PolicyEntry(PolicyKey key, long generation, Policy policy, String invalidReason) {

  public PolicyEntry {
    Objects.requireNonNull(key, "key");
    if ((policy == null) == (invalidReason == null)) {
      throw new IllegalArgumentException("exactly one of policy, invalidReason");
    }
  }

  public static PolicyEntry valid(Policy policy) {
    return new PolicyEntry(PolicyKey.of(policy.meta()), policy.meta().generation(), policy, null);
  }

  public static PolicyEntry invalid(PolicyKey key, long generation, String reason) {
    return new PolicyEntry(key, generation, null, reason);
  }

  public boolean isValid() {
    return policy != null;
  }
}
