package dev.breakwater.operator.ratelimit.store;

/**
 * One decision as the caller saw it: when it was sent and when Redis decided it (epoch
 * microseconds), whether it was admitted, whether it failed, and how long it took.
 */
record Outcome(long sentEpochMicros, long decidedMicros, boolean allowed, boolean failed, long tookNanos) {}
