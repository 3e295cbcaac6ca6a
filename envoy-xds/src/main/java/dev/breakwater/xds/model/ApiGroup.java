package dev.breakwater.xds.model;

/** The API group and version every policy kind is served in. */
public final class ApiGroup {
  public static final String GROUP = "resilience.breakwater.dev";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  private ApiGroup() {}
}
