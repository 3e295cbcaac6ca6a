package dev.breakwater.xds.policies.healthcheck;

import dev.breakwater.xds.check.HttpText;
import dev.breakwater.xds.ir.RoutedPort;
import dev.breakwater.xds.model.PolicyMeta;
import dev.breakwater.xds.policy.PanicThreshold;
import dev.breakwater.xds.policy.PolicyKind;
import dev.breakwater.xds.policy.UpstreamHttp2;
import dev.breakwater.xds.schema.FieldError;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import java.util.List;

/**
 * HealthCheck: Envoy's active health checks on the target's clusters (probes on the workloads
 * are the operator's side of this kind).
 */
public final class HealthCheckKind implements PolicyKind<HealthCheckSettings> {
  public static final String NAME = "HealthCheck";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String plural() {
    return "healthchecks";
  }

  @Override
  public Class<HealthCheckSettings> specType() {
    return HealthCheckSettings.class;
  }

  @Override
  public List<FieldError> envoyChecks(HealthCheckSettings spec) {
    return spec.http() == null ? List.of()
        : HttpText.headerValueProblem(spec.http().path())
            .map(problem -> List.of(new FieldError("http.path", problem)))
            .orElse(List.of());
  }

  @Override
  public void shapeCluster(HealthCheckSettings spec, PolicyMeta meta, RoutedPort port,
      Cluster.Builder cluster) {
    if (spec.grpc() != null) {
      // gRPC health checks speak HTTP/2 whatever the Service declares.
      UpstreamHttp2.enable(cluster);
    }
    cluster.addHealthChecks(HealthCheckTranslator.healthCheck(spec, port.clusterLocalHost(),
        UpstreamHttp2.enabled(cluster)));
    // endpoints failing their check get no traffic, even when none passes (unless opted in)
    PanicThreshold.propose(cluster, spec.panicThreshold());
    // Kubernetes removes an endpoint on purpose: a removed pod that still passes its check
    // would otherwise keep getting traffic until it stops answering
    cluster.setIgnoreHealthOnHostRemoval(true);
    // Envoy's own view of each endpoint (gauge cluster.<c>.endpoint.<address>.healthy): the
    // bootstrap's OpenTelemetry sink carries it to the operator for status.endpoints.entries
    // (the metrics_service sink leaves per-endpoint stats out)
    cluster.getTrackClusterStatsBuilder().setPerEndpointStats(true);
  }
}
