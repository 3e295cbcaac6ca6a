package dev.breakwater.operator.ratelimit.service;

import dev.breakwater.xds.policies.ratelimit.descriptor.GlobalRule;
import dev.breakwater.xds.policies.ratelimit.descriptor.RuleCodec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Decoded rules by their text: every request repeats the same few rule strings. Only a cache of
 * a pure function (losing it costs a parse), bounded by clearing it when full.
 */
final class RuleCache implements Function<String, GlobalRule> {

  static final int MAX_ENTRIES = 10_000;
  private final Map<String, GlobalRule> rules = new ConcurrentHashMap<>();

  @Override
  public GlobalRule apply(String text) {
    GlobalRule rule = rules.get(text);
    if (rule == null) {
      rule = RuleCodec.decode(text);
      if (rules.size() >= MAX_ENTRIES) {
        rules.clear();
      }
      rules.put(text, rule);
    }
    return rule;
  }
}
