package dev.breakwater.operator.stats;

/** One value of one stat as Envoy flushed it. Counters are cumulative since Envoy started. */
public record StatSample(String name, boolean counter, double value) {}
