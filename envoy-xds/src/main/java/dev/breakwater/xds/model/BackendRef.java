package dev.breakwater.xds.model;

/** A Service port, in the policy's namespace, that a policy sends requests to (a fallback). */
public record BackendRef(String service, int port) {}
