package dev.breakwater.crds.v1alpha1;

/** HTTP request methods a rate limit match can select. */
public enum HttpMethod {
  GET,
  HEAD,
  POST,
  PUT,
  DELETE,
  CONNECT,
  OPTIONS,
  TRACE,
  PATCH
}
