package dev.breakwater.operator.ratelimit.rules;

import dev.breakwater.xds.policies.ratelimit.descriptor.DescriptorContract;
import dev.breakwater.xds.policies.ratelimit.descriptor.GlobalLimit;
import dev.breakwater.xds.policies.ratelimit.descriptor.InvalidDescriptorException;
import java.util.Objects;

/**
 * One descriptor read: the limit it names, the budget key within the limit ({@code ""} = the
 * limit's shared budget, e.g. a request without the key header) and the hits to count.
 */
public record LimitCheck(GlobalLimit limit, String key, int hits) {
  public LimitCheck {
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(key, "key");
    if (hits < 1 || hits > DescriptorContract.MAX_HITS) {
      throw new InvalidDescriptorException(
          "hits_addend must be 1.." + DescriptorContract.MAX_HITS + ", got " + hits);
    }
  }
}
