package dev.breakwater.xds.ir;

/** One upstream address of a Service port, with the health Kubernetes reports for it. */
public record IrEndpoint(String address, int port, Health health) {

  public enum Health {
    /** Ready: Envoy may send traffic (subject to its own health checks). */
    HEALTHY,
    /** Not ready: listed so it shows up in totals, never sent traffic. */
    UNHEALTHY,
    /** Terminating but still serving: finishes what it has, gets nothing new. */
    DRAINING
  }
}
