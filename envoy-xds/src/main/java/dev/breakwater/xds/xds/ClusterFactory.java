package dev.breakwater.xds.xds;

import com.google.protobuf.Any;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.breakwater.xds.ir.RoutedPort;
import dev.breakwater.xds.model.CircuitBreakerSpec;
import dev.breakwater.xds.model.HealthCheckSpec;
import dev.breakwater.xds.model.Policy;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.time.Duration;

/** One EDS cluster per routed Service port, shaped by its CircuitBreakerPolicy and HealthCheck. */
final class ClusterFactory {
  static final String HTTP_PROTOCOL_OPTIONS = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";
  static final String METADATA_NAMESPACE = "breakwater";
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private ClusterFactory() {}

  static Cluster cluster(RoutedPort port) {
    Cluster.Builder cluster = Cluster.newBuilder()
        .setName(port.clusterName())
        .setType(Cluster.DiscoveryType.EDS)
        .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder()
            .setEdsConfig(ads())
            .setServiceName(port.clusterName()))
        .setConnectTimeout(Protos.duration(CONNECT_TIMEOUT))
        .setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN);
    HealthCheckSpec healthCheck = port.healthCheck() == null ? null : (HealthCheckSpec) port.healthCheck().spec();
    // gRPC health checks speak HTTP/2 whatever the Service declares.
    if (port.http2() || (healthCheck != null && healthCheck.grpc() != null)) {
      cluster.putTypedExtensionProtocolOptions(HTTP_PROTOCOL_OPTIONS, Any.pack(HttpProtocolOptions.newBuilder()
          .setExplicitHttpConfig(HttpProtocolOptions.ExplicitHttpConfig.newBuilder()
              .setHttp2ProtocolOptions(Http2ProtocolOptions.getDefaultInstance()))
          .build()));
    }
    if (port.circuitBreaker() != null) {
      CircuitBreakerSpec spec = (CircuitBreakerSpec) port.circuitBreaker().spec();
      if (!spec.limits().isEmpty()) {
        cluster.setCircuitBreakers(CircuitBreakerTranslator.circuitBreakers(spec.limits()));
      }
      OutlierDetectionTranslator.outlierDetection(spec).ifPresent(cluster::setOutlierDetection);
    }
    if (healthCheck != null) {
      String host = port.service() + "." + port.namespace() + ".svc.cluster.local";
      cluster.addHealthChecks(HealthCheckTranslator.healthCheck(healthCheck, host,
          cluster.containsTypedExtensionProtocolOptions(HTTP_PROTOCOL_OPTIONS)));
    }
    cluster.setMetadata(metadata(port));
    return cluster.build();
  }

  static ConfigSource ads() {
    return ConfigSource.newBuilder()
        .setAds(AggregatedConfigSource.getDefaultInstance())
        .setResourceApiVersion(ApiVersion.V3)
        .build();
  }

  /** Which policies shaped this cluster, so `config_dump` answers "why does it behave so?". */
  private static Metadata metadata(RoutedPort port) {
    Struct.Builder policies = Struct.newBuilder();
    put(policies, "circuitBreakerPolicy", port.circuitBreaker());
    put(policies, "healthCheck", port.healthCheck());
    put(policies, "rateLimitPolicy", port.rateLimit());
    policies.putFields("service", Value.newBuilder()
        .setStringValue(port.namespace() + "/" + port.service()).build());
    return Metadata.newBuilder().putFilterMetadata(METADATA_NAMESPACE, policies.build()).build();
  }

  private static void put(Struct.Builder struct, String key, Policy policy) {
    if (policy != null) {
      struct.putFields(key, Value.newBuilder()
          .setStringValue(policy.meta().namespace() + "/" + policy.meta().name()).build());
    }
  }
}
