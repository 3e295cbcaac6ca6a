package dev.breakwater.xds.model;

/**
 * The kind-specific part of a policy: a record in the kind's own package, bound from the
 * object's {@code spec} after the CRD's defaults were applied (so it holds no defaults itself).
 */
public interface PolicySettings {}
