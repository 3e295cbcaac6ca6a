package dev.breakwater.xds.policies.ratelimit.descriptor;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The text form of a {@link GlobalRule}, carried in the {@code breakwater_rule} descriptor entry:
 * {@code <algorithm>;requests=<n>;period=<ms>ms;burst=<n>[;mode=DryRun]}, e.g.
 * {@code SlidingWindow;requests=100;period=60000ms;burst=100}. Every field but mode is required
 * and unknown fields are refused: a rule this service cannot read fully must not be half-applied
 * (a new meaning gets a new entry key instead).
 */
public final class RuleCodec {

  private static final String DRY_RUN = "DryRun";

  private RuleCodec() {}

  public static String encode(GlobalRule rule) {
    long periodMs = rule.period().toMillis();
    if (!Duration.ofMillis(periodMs).equals(rule.period())) {
      throw new IllegalArgumentException("period must be whole milliseconds, got " + rule.period());
    }
    return rule.algorithm() + ";requests=" + rule.requests() + ";period=" + periodMs + "ms;burst="
        + rule.burst() + (rule.dryRun() ? ";mode=" + DRY_RUN : "");
  }

  public static GlobalRule decode(String text) {
    String[] parts = text.split(";", -1);
    Algorithm algorithm = algorithm(parts[0], text);
    Map<String, String> fields = new HashMap<>();
    for (int i = 1; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      if (eq <= 0 || fields.put(parts[i].substring(0, eq), parts[i].substring(eq + 1)) != null) {
        throw invalid(text, "field \"" + parts[i] + "\" is not name=value or is repeated");
      }
    }
    long requests = number(fields.remove("requests"), "requests", text);
    String period = fields.remove("period");
    long burst = number(fields.remove("burst"), "burst", text);
    String mode = fields.remove("mode");
    if (!fields.isEmpty()) {
      throw invalid(text, "unknown fields " + fields.keySet());
    }
    if (period == null || !period.endsWith("ms")) {
      throw invalid(text, "period must be <n>ms");
    }
    if (mode != null && !mode.equals(DRY_RUN)) {
      throw invalid(text, "mode must be " + DRY_RUN + " or absent");
    }
    Duration length = Duration.ofMillis(number(period.substring(0, period.length() - 2), "period", text));
    return new GlobalRule(algorithm, requests, length, burst, mode != null);
  }

  private static Algorithm algorithm(String name, String text) {
    for (Algorithm a : Algorithm.values()) {
      if (a.name().equals(name)) {
        return a;
      }
    }
    throw invalid(text, "unknown algorithm \"" + name + "\"");
  }

  private static long number(String value, String field, String text) {
    if (value == null || value.isEmpty() || value.length() > 12 || !value.chars().allMatch(Character::isDigit)) {
      throw invalid(text, field + " must be a whole number");
    }
    return Long.parseLong(value);
  }

  private static InvalidDescriptorException invalid(String text, String why) {
    return new InvalidDescriptorException("rule \"" + text + "\": " + why);
  }
}
