package dev.breakwater.operator.ratelimit.rules;

import dev.breakwater.xds.policies.ratelimit.descriptor.DescriptorContract;
import dev.breakwater.xds.policies.ratelimit.descriptor.GlobalLimit;
import dev.breakwater.xds.policies.ratelimit.descriptor.GlobalRule;
import dev.breakwater.xds.policies.ratelimit.descriptor.InvalidDescriptorException;
import dev.breakwater.xds.policies.ratelimit.descriptor.LimitId;
import dev.breakwater.xds.policies.ratelimit.descriptor.RuleCodec;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import java.util.Optional;
import java.util.function.Function;

/**
 * A descriptor Envoy sent -> the check it asks for. The limit and rule come from their entries;
 * every other entry, in order, makes up the budget key ({@code name=value} joined by {@code &},
 * with {@code % & = { }} escaped), so a header key and an address key never share a budget.
 */
public final class DescriptorReader {

  private final Function<String, GlobalRule> rules;

  /** @param rules decodes a rule's text ({@link RuleCodec#decode}, or a cache in front of it) */
  public DescriptorReader(Function<String, GlobalRule> rules) {
    this.rules = rules;
  }

  public DescriptorReader() {
    this(RuleCodec::decode);
  }

  /**
   * Empty when the descriptor is not Breakwater's (no {@code breakwater_limit} entry). Hits are
   * the descriptor's {@code hits_addend} if set, else the request's; 0 counts as 1.
   */
  public Optional<LimitCheck> read(RateLimitDescriptor descriptor, long requestHits) {
    String id = null;
    String rule = null;
    StringBuilder key = new StringBuilder();
    for (RateLimitDescriptor.Entry entry : descriptor.getEntriesList()) {
      switch (entry.getKey()) {
        case DescriptorContract.LIMIT_ENTRY -> id = once(id, entry);
        case DescriptorContract.RULE_ENTRY -> rule = once(rule, entry);
        default -> {
          if (key.length() > 0) {
            key.append('&');
          }
          key.append(escape(entry.getKey())).append('=').append(escape(entry.getValue()));
        }
      }
    }
    if (id == null) {
      return Optional.empty();
    }
    if (rule == null) {
      throw new InvalidDescriptorException(
          "descriptor of " + id + " has no " + DescriptorContract.RULE_ENTRY + " entry");
    }
    GlobalLimit limit = new GlobalLimit(LimitId.parse(id), rules.apply(rule));
    long hits = descriptor.hasHitsAddend() ? descriptor.getHitsAddend().getValue() : requestHits;
    if (hits < 0 || hits > DescriptorContract.MAX_HITS) {
      throw new InvalidDescriptorException(
          "hits_addend must be 0.." + DescriptorContract.MAX_HITS + ", got " + hits);
    }
    return Optional.of(new LimitCheck(limit, key.toString(), hits == 0 ? 1 : (int) hits));
  }

  private static String once(String seen, RateLimitDescriptor.Entry entry) {
    if (seen != null) {
      throw new InvalidDescriptorException("entry " + entry.getKey() + " appears twice");
    }
    return entry.getValue();
  }

  static String escape(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean special = c == '%' || c == '&' || c == '=' || c == '{' || c == '}';
      if (special && out == null) {
        out = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      if (out != null) {
        out.append(special ? String.format("%%%02X", (int) c) : String.valueOf(c));
      }
    }
    return out == null ? text : out.toString();
  }
}
