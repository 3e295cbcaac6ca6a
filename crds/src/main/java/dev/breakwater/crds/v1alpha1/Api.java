package dev.breakwater.crds.v1alpha1;

/** Names of the resilience.breakwater.dev/v1alpha1 API shared by its kinds. */
public final class Api {

  public static final String GROUP = "resilience.breakwater.dev";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String CATEGORY = "breakwater";

  public static final String COLUMN_TARGET = ".spec.targetRef.name";
  public static final String COLUMN_ACCEPTED = ".status.conditions[?(@.type==\"Accepted\")].status";
  public static final String COLUMN_PROGRAMMED = ".status.proxies.summary";
  public static final String COLUMN_STATE = ".status.state";
  public static final String COLUMN_AGE = ".metadata.creationTimestamp";

  /** Condition types in status.conditions. */
  public static final String CONDITION_ACCEPTED = "Accepted";
  public static final String CONDITION_RESOLVED_REFS = "ResolvedRefs";
  public static final String CONDITION_PROGRAMMED = "Programmed";
  /** Only present while another policy on the port makes Envoy ignore part of this one. */
  public static final String CONDITION_OVERRIDDEN = "Overridden";
  /** Only present while a Service of the same name elsewhere keeps the bare host name. */
  public static final String CONDITION_HOST_NAME_CONFLICT = "HostNameConflict";

  private Api() {}
}
