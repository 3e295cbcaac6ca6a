package dev.breakwater.crds.v1alpha1;

/** How a path match compares the request path; RegularExpression is RE2 over the whole path. */
public enum PathMatchType {
  Exact,
  Prefix,
  RegularExpression
}
