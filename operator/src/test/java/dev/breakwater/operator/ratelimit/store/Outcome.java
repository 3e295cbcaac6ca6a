package dev.breakwater.operator.ratelimit.store;

/**
 * One decision as the caller saw it: when it was sent (epoch microseconds, the clock Redis's
 * TIME also reads on this machine), whether it was admitted, whether it failed, and how long it
 * took.
 */
record Outcome(long sentEpochMicros, boolean allowed, boolean failed, long tookNanos) {}
