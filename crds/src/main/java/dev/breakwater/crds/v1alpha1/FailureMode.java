package dev.breakwater.crds.v1alpha1;

/** What callers get while the global rate limit service or its store cannot decide. */
public enum FailureMode {
  Open,
  Closed
}
