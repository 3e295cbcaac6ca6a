package dev.breakwater.xds.translate;

/** Condition reasons, shared by translation, the operator and the docs. */
public final class Reasons {
  public static final String ACCEPTED = "Accepted";
  public static final String CONFLICTED = "Conflicted";
  public static final String INVALID = "Invalid";
  public static final String RESOLVED_REFS = "ResolvedRefs";
  public static final String TARGET_NOT_FOUND = "TargetNotFound";
  public static final String PORT_NOT_FOUND = "PortNotFound";
  public static final String UNSUPPORTED_TARGET = "UnsupportedTarget";
  /** A Service the policy sends requests to besides its target (a fallback) is missing. */
  public static final String BACKEND_NOT_FOUND = "BackendNotFound";

  private Reasons() {}
}
