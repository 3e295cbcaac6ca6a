package dev.breakwater.operator.probes;

/** The container probes a HealthCheck can write; {@link #field} is the Pod spec field name. */
public enum ProbeKind {
  READINESS("readiness", "readinessProbe"),
  LIVENESS("liveness", "livenessProbe");

  private final String statusName;
  private final String field;

  ProbeKind(String statusName, String field) {
    this.statusName = statusName;
    this.field = field;
  }

  /** As listed in HealthCheck status.workloads[].probes. */
  public String statusName() {
    return statusName;
  }

  public String field() {
    return field;
  }
}
