package dev.breakwater.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** What a load run saw: every sample, status and header counts, client-side max concurrency. */
public record LoadReport(List<Sample> samples, Duration elapsed, int maxConcurrency) {

  public long count(Predicate<Sample> filter) {
    return samples.stream().filter(filter).count();
  }

  public long count(int status) {
    return count(s -> s.status() == status);
  }

  public long total() {
    return samples.size();
  }

  /** Status -> count, sorted (e.g. {200=41, 429=159}). */
  public Map<Integer, Long> statusCounts() {
    return countBy(Sample::status, s -> true);
  }

  public Map<Integer, Long> statusCounts(String client) {
    return countBy(Sample::status, s -> s.client().equals(client));
  }

  /** Value of a tracked header -> count ("-" when absent), e.g. which upstream answered. */
  public Map<String, Long> headerCounts(String header, Predicate<Sample> filter) {
    return countBy(s -> s.headers().getOrDefault(header, "-"), filter);
  }

  /** Samples started at or after {@code from} (measured from the start of the run). */
  public Predicate<Sample> startedAfter(Duration from) {
    return s -> s.startNanos() >= from.toNanos();
  }

  public double seconds() {
    return elapsed.toNanos() / 1e9;
  }

  private <K extends Comparable<K>> Map<K, Long> countBy(Function<Sample, K> key,
      Predicate<Sample> filter) {
    return samples.stream().filter(filter)
        .collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
  }

  @Override
  public String toString() {
    return "LoadReport{" + total() + " requests in " + String.format("%.2f", seconds())
        + " s, status " + statusCounts() + ", max concurrency " + maxConcurrency + "}";
  }
}
