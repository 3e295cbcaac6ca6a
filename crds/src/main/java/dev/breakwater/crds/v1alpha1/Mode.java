package dev.breakwater.crds.v1alpha1;

/** Enforce acts on traffic; DryRun only detects and reports what a policy would have done. */
public enum Mode {
  Enforce,
  DryRun
}
