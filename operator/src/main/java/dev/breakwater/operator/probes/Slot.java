package dev.breakwater.operator.probes;

/** One probe field of one container of a workload. */
public record Slot(String container, ProbeKind kind) {}
