package dev.breakwater.e2e;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * What a caller can prove about a limit's decisions from its own clock: each decision was taken
 * between the request's start and its end, so for a set of admitted requests the decisions span
 * at least {@code max(start) - min(end)} and at most {@code max(end) - min(start)}.
 */
final class WindowAdmissions {
  private WindowAdmissions() {}

  /**
   * The shortest span that held {@code requests + 1} admissions, as an upper bound: for every
   * {@code requests + 1} admissions in a row (by start), the latest end minus the earliest start.
   * A sliding window of {@code requests} per {@code period} that is never over keeps this at
   * {@code period} or more: otherwise {@code requests + 1} decisions fell within less than a
   * period.
   */
  static Duration shortestSpanOfOneMore(List<Sample> admitted, int requests) {
    List<Sample> sorted = admitted.stream().sorted(Comparator.comparingLong(Sample::startNanos))
        .toList();
    long shortest = Long.MAX_VALUE;
    for (int k = 0; k + requests < sorted.size(); k++) {
      long latestEnd = 0;
      for (int j = k; j <= k + requests; j++) {
        latestEnd = Math.max(latestEnd, sorted.get(j).endNanos());
      }
      shortest = Math.min(shortest, latestEnd - sorted.get(k).startNanos());
    }
    return shortest == Long.MAX_VALUE ? Duration.ofDays(1) : Duration.ofNanos(shortest);
  }

  /**
   * The most a token bucket ({@code burst}, refilled at {@code perSecond}) was exceeded: over every
   * stretch from one admission's start to a later one's end, the admissions surely decided in it
   * minus what the bucket could hold and refill in it ({@code burst + perSecond * length}). At
   * most 0 for a bucket that is never over.
   */
  static double tokenBucketExcess(List<Sample> admitted, int burst, double perSecond) {
    List<Sample> sorted = admitted.stream().sorted(Comparator.comparingLong(Sample::startNanos))
        .toList();
    double worst = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < sorted.size(); i++) {
      long from = sorted.get(i).startNanos();
      for (int j = i; j < sorted.size(); j++) {
        long to = sorted.get(j).endNanos();
        long inside = sorted.stream()
            .filter(s -> s.startNanos() >= from && s.endNanos() <= to).count();
        worst = Math.max(worst, inside - burst - perSecond * (to - from) / 1e9);
      }
    }
    return worst;
  }

  /**
   * The most admissions surely decided within one fixed window of {@code period}, windows
   * beginning where the run's clock reads {@code firstEdge} plus whole periods.
   */
  static long mostInOneWindow(List<Sample> admitted, Duration firstEdge, Duration period) {
    long most = 0;
    long p = period.toNanos();
    for (Sample s : admitted) {
      long window = Math.floorDiv(s.startNanos() - firstEdge.toNanos(), p);
      long start = firstEdge.toNanos() + window * p;
      long inside = admitted.stream().filter(o -> o.startNanos() >= start
          && o.endNanos() < start + p).count();
      most = Math.max(most, inside);
    }
    return most;
  }

  /** Upper bound of the span of all these decisions: latest end minus earliest start. */
  static Duration spanAtMost(List<Sample> admitted) {
    long first = admitted.stream().mapToLong(Sample::startNanos).min().orElse(0);
    long last = admitted.stream().mapToLong(Sample::endNanos).max().orElse(0);
    return Duration.ofNanos(last - first);
  }

  /**
   * How the load of one key was offered within an interval: the longest time without a request
   * starting, the slowest request, and the mean request.
   */
  record Offer(Duration longestGap, Duration slowest, Duration mean) {
    /**
     * Offered without a pause over {@code gap}, no request slower than {@code slowestRequest},
     * requests taking {@code meanRequest} on average at most.
     */
    boolean steady(Duration gap, Duration slowestRequest, Duration meanRequest) {
      return longestGap.compareTo(gap) <= 0 && slowest.compareTo(slowestRequest) <= 0
          && mean.compareTo(meanRequest) <= 0;
    }
  }

  static Offer offer(List<Sample> requests, Duration from, Duration to) {
    long previous = from.toNanos();
    long gap = 0;
    long slowest = 0;
    long total = 0;
    int count = 0;
    for (Sample s : requests.stream().sorted(Comparator.comparingLong(Sample::startNanos))
        .filter(s -> s.startNanos() >= from.toNanos() && s.startNanos() < to.toNanos())
        .toList()) {
      gap = Math.max(gap, s.startNanos() - previous);
      previous = s.startNanos();
      slowest = Math.max(slowest, s.endNanos() - s.startNanos());
      total += s.endNanos() - s.startNanos();
      count++;
    }
    gap = Math.max(gap, to.toNanos() - previous);
    return new Offer(Duration.ofNanos(gap), Duration.ofNanos(slowest),
        Duration.ofNanos(count == 0 ? 0 : total / count));
  }

  /** Admissions surely decided in [from, to): the whole request was. */
  static long decidedWithin(List<Sample> admitted, Duration from, Duration to) {
    return admitted.stream()
        .filter(s -> s.startNanos() >= from.toNanos() && s.endNanos() < to.toNanos())
        .count();
  }

  /** Admissions possibly decided in [from, to): part of the request was. */
  static long possiblyDecidedWithin(List<Sample> admitted, Duration from, Duration to) {
    return admitted.stream()
        .filter(s -> s.endNanos() >= from.toNanos() && s.startNanos() < to.toNanos())
        .count();
  }
}
