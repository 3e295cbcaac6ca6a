package dev.breakwater.crds.v1alpha1;

/** Where a limit's budget lives: in each proxy, or one budget shared by every proxy. */
public enum RateLimitScope {
  Local,
  Global
}
