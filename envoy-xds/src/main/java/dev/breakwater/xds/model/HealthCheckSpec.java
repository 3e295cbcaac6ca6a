package dev.breakwater.xds.model;

import java.time.Duration;
import java.util.List;

/** HealthCheck spec with defaults applied; exactly one of http, tcp, grpc is set. */
public record HealthCheckSpec(
    Http http,
    Tcp tcp,
    Grpc grpc,
    Duration interval,
    Duration timeout,
    int healthyThreshold,
    int unhealthyThreshold,
    boolean critical,
    Probes probes)
    implements PolicySpec {

  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

  public HealthCheckSpec {
    interval = interval == null ? DEFAULT_INTERVAL : interval;
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    probes = probes == null ? Probes.DEFAULT : probes;
  }

  @Override
  public PolicyKind kind() {
    return PolicyKind.HealthCheck;
  }

  public record Http(String path, List<Integer> expectedStatuses) {
    public Http {
      expectedStatuses = expectedStatuses == null || expectedStatuses.isEmpty()
          ? List.of(200)
          : List.copyOf(expectedStatuses);
    }
  }

  public record Tcp() {}

  public record Grpc(String service) {
    public Grpc {
      service = service == null ? "" : service;
    }
  }

  /**
   * Kubernetes probes the operator writes onto the workloads behind the Service.
   *
   * @param override replace a probe the workload already defines
   */
  public record Probes(boolean readiness, boolean liveness, boolean override) {
    public static final Probes DEFAULT = new Probes(true, false, false);
  }
}
