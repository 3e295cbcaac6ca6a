package dev.breakwater.xds.policies.healthcheck;

import dev.breakwater.xds.model.PolicySettings;
import java.time.Duration;
import java.util.List;

/** HealthCheck spec, bound after the CRD's defaults were applied; one of http, tcp, grpc is set. */
public record HealthCheckSettings(
    Http http,
    Tcp tcp,
    Grpc grpc,
    Duration interval,
    Duration timeout,
    int healthyThreshold,
    int unhealthyThreshold,
    boolean critical,
    Probes probes,
    Integer panicThreshold)
    implements PolicySettings {

  public record Http(String path, List<Integer> expectedStatuses) {
    public Http {
      expectedStatuses = List.copyOf(expectedStatuses);
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
  public record Probes(boolean readiness, boolean liveness, boolean override) {}
}
