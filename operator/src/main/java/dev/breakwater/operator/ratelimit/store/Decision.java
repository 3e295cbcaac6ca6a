package dev.breakwater.operator.ratelimit.store;

/**
 * The store's answer for one check.
 *
 * @param remaining hits still admitted now (floor of the tokens for a bucket)
 * @param resetMicros until the budget is whole again (window end, oldest hit leaving the sliding
 *     window, bucket full)
 * @param retryAfterMicros until these hits would be admitted (0 when admitted, -1 never: more
 *     hits than the limit holds)
 * @param decidedAtMicros Redis's clock when it decided (epoch microseconds): the one clock every
 *     replica's decisions share
 */
public record Decision(
    boolean allowed, long remaining, long resetMicros, long retryAfterMicros, long decidedAtMicros) {}
