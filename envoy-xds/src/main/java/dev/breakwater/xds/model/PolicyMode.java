package dev.breakwater.xds.model;

/** Enforce acts on traffic; DryRun only detects and reports what it would have done. */
public enum PolicyMode {
  Enforce,
  DryRun
}
