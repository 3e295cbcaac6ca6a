package dev.breakwater.xds.policies.circuitbreaker;

import dev.breakwater.xds.ir.RoutedPort;
import dev.breakwater.xds.model.PolicyMeta;
import dev.breakwater.xds.check.HttpText;
import dev.breakwater.xds.model.BackendRef;
import dev.breakwater.xds.schema.FieldError;
import dev.breakwater.xds.model.PolicyMode;
import dev.breakwater.xds.policy.BreakerReply;
import dev.breakwater.xds.policy.ClusterMetadata;
import dev.breakwater.xds.policy.FixedResponseRule;
import dev.breakwater.xds.policy.PanicThreshold;
import dev.breakwater.xds.policy.PolicyKind;
import dev.breakwater.xds.policy.RouteDraft;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.ResponseMapper;
import java.util.List;

/**
 * CircuitBreakerPolicy: per-endpoint breakers (cluster {@code outlier_detection}) and connection
 * limits (cluster {@code circuit_breakers}) on the target's clusters.
 */
public final class CircuitBreakerPolicyKind implements PolicyKind<CircuitBreakerSettings> {
  public static final String NAME = "CircuitBreakerPolicy";
  private static final int NO_HEALTHY_UPSTREAM = 503;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String plural() {
    return "circuitbreakerpolicies";
  }

  @Override
  public Class<CircuitBreakerSettings> specType() {
    return CircuitBreakerSettings.class;
  }

  @Override
  public void shapeCluster(CircuitBreakerSettings spec, PolicyMeta meta, RoutedPort port,
      Cluster.Builder cluster) {
    if (!spec.limits().isEmpty()) {
      cluster.setCircuitBreakers(CircuitBreakersTranslator.circuitBreakers(spec.limits()));
    }
    OutlierDetectionTranslator.outlierDetection(spec).ifPresent(cluster::setOutlierDetection);
    if (spec.mode() == PolicyMode.Enforce) {
      // DryRun must not change who gets traffic, so only an enforced breaker has a say
      PanicThreshold.propose(cluster, spec.panicThreshold());
      ClusterMetadata.put(cluster, BreakerReply.METADATA_KEY,
          BreakerReply.value(meta.namespace(), meta.name()));
    }
  }

  @Override
  public List<FieldError> envoyChecks(CircuitBreakerSettings spec) {
    return spec.fallback() == null || spec.fallback().response() == null ? List.of()
        : HttpText.headersProblems("fallback.response.headers",
            spec.fallback().response().headers());
  }

  @Override
  public List<BackendRef> backends(CircuitBreakerSettings spec) {
    return spec.mode() == PolicyMode.Enforce && spec.fallback() != null
        && spec.fallback().service() != null
        ? List.of(new BackendRef(spec.fallback().service().name(), spec.fallback().service().port()))
        : List.of();
  }

  @Override
  public List<Cluster> extraClusters(CircuitBreakerSettings spec, PolicyMeta meta,
      RoutedPort port) {
    return port.backends(NAME).stream()
        .map(fallback -> FailoverCluster.of(port.clusterName(), fallback.clusterName()))
        .toList();
  }

  @Override
  public List<RouteDraft> shapeRoutes(CircuitBreakerSettings spec, PolicyMeta meta,
      RoutedPort port, List<RouteDraft> routes) {
    if (spec.mode() != PolicyMode.Enforce || spec.fallback() == null) {
      return routes;
    }
    if (spec.fallback().response() != null) {
      FixedResponseRule fallback = new FixedResponseRule(BreakerReply.HEADER, "open",
          NO_HEALTHY_UPSTREAM, spec.fallback().response());
      routes.forEach(route -> route.fixedResponse(fallback));
    }
    if (!port.backends(NAME).isEmpty()) {
      String failover = FailoverCluster.name(port.clusterName());
      routes.forEach(route -> route.action().setCluster(failover));
    }
    return routes;
  }

  @Override
  public List<com.google.protobuf.Descriptors.Descriptor> envoyTypes() {
    return List.of(io.envoyproxy.envoy.extensions.clusters.aggregate.v3.ClusterConfig
        .getDescriptor());
  }

  @Override
  public List<ResponseMapper> localReplyMappers() {
    return List.of(BreakerReply.mapper(ClusterMetadata.NAMESPACE));
  }
}
