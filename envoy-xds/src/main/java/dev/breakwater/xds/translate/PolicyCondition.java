package dev.breakwater.xds.translate;

/**
 * A status condition as translation sees it; the operator adds observedGeneration and
 * lastTransitionTime when it writes status.
 */
public record PolicyCondition(String type, Status status, String reason, String message) {

  public static final String ACCEPTED = "Accepted";
  public static final String RESOLVED_REFS = "ResolvedRefs";
  public static final String PROGRAMMED = "Programmed";

  public enum Status {
    True,
    False,
    Unknown
  }

  public static PolicyCondition isTrue(String type, String reason, String message) {
    return new PolicyCondition(type, Status.True, reason, message);
  }

  public static PolicyCondition isFalse(String type, String reason, String message) {
    return new PolicyCondition(type, Status.False, reason, message);
  }
}
