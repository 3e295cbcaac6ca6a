package dev.breakwater.operator.stats;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An immutable read of what the connected proxies report.
 *
 * @param gauges latest value per stat, one entry per proxy stream reporting it
 * @param counterTotals increase of each counter since the operator started, over all proxies
 * @param counterIncreases timestamped increases, kept for a bounded time, for "recently" questions
 */
public record StatsView(
    Map<String, List<Double>> gauges,
    Map<String, Double> counterTotals,
    Map<String, List<Increase>> counterIncreases,
    Instant now) {

  public static final StatsView EMPTY = new StatsView(Map.of(), Map.of(), Map.of(), Instant.EPOCH);

  public StatsView {
    gauges = Map.copyOf(gauges);
    counterTotals = Map.copyOf(counterTotals);
    counterIncreases = Map.copyOf(counterIncreases);
  }

  public record Increase(Instant at, double amount) {}

  public List<Double> gauge(String name) {
    return gauges.getOrDefault(name, List.of());
  }

  /** Every gauge whose name starts with {@code prefix}, each with its value per proxy stream. */
  public Map<String, List<Double>> gaugesStartingWith(String prefix) {
    Map<String, List<Double>> out = new java.util.TreeMap<>();
    gauges.forEach((name, values) -> {
      if (name.startsWith(prefix)) {
        out.put(name, values);
      }
    });
    return out;
  }

  public boolean reports(String name) {
    return gauges.containsKey(name) || counterTotals.containsKey(name);
  }

  public double total(String name) {
    return counterTotals.getOrDefault(name, 0.0);
  }

  /** Sum of the totals of every counter named {@code prefix...suffix}. */
  public double totalMatching(String prefix, String suffix) {
    return counterTotals.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix) && e.getKey().endsWith(suffix))
        .mapToDouble(Map.Entry::getValue)
        .sum();
  }

  public boolean reportsMatching(String prefix, String suffix) {
    return counterTotals.keySet().stream()
        .anyMatch(n -> n.startsWith(prefix) && n.endsWith(suffix));
  }

  /** Sum of {@link #increaseWithin} of every counter named {@code prefix...suffix}. */
  public double increaseWithinMatching(String prefix, String suffix, Duration window) {
    return counterIncreases.keySet().stream()
        .filter(n -> n.startsWith(prefix) && n.endsWith(suffix))
        .mapToDouble(n -> increaseWithin(n, window))
        .sum();
  }

  /** How much the counter grew within {@code window} before now. */
  public double increaseWithin(String name, Duration window) {
    Instant from = now.minus(window);
    return counterIncreases.getOrDefault(name, List.of()).stream()
        .filter(i -> i.at().isAfter(from))
        .mapToDouble(Increase::amount)
        .sum();
  }
}
