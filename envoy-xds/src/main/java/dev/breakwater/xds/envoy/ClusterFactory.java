package dev.breakwater.xds.envoy;

import dev.breakwater.xds.ir.Backend;
import dev.breakwater.xds.ir.RoutedPort;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.policies.PolicyKinds;
import dev.breakwater.xds.policy.ClusterMetadata;
import dev.breakwater.xds.policy.PanicThreshold;
import dev.breakwater.xds.policy.PolicyKind;
import dev.breakwater.xds.policy.Protos;
import dev.breakwater.xds.policy.UpstreamHttp2;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import java.time.Duration;

/**
 * One EDS cluster per routed Service port, shaped by the policy of each kind that won it (connect
 * timeout 5 s unless a TimeoutPolicy says otherwise).
 */
final class ClusterFactory {
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
    if (port.http2()) {
      UpstreamHttp2.enable(cluster);
    }
    port.policies().forEach((kind, policy) -> ClusterMetadata.put(cluster, metadataKey(kind),
        policy.meta().namespace() + "/" + policy.meta().name()));
    ClusterMetadata.put(cluster, "service", port.namespace() + "/" + port.service());
    // registry order: a kind may build on what an earlier one shaped (circuit breaker thresholds)
    for (PolicyKind<?> kind : PolicyKinds.all()) {
      Policy policy = port.policies().get(kind.name());
      if (policy != null) {
        PolicyKinds.shapeCluster(policy, port, cluster);
      }
    }
    PanicThreshold.settle(cluster);
    return cluster.build();
  }

  /** A backend's cluster: plain EDS, no policy of its own, but the same health rules. */
  static Cluster cluster(Backend backend) {
    Cluster.Builder cluster = Cluster.newBuilder()
        .setName(backend.clusterName())
        .setType(Cluster.DiscoveryType.EDS)
        .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder()
            .setEdsConfig(ads())
            .setServiceName(backend.clusterName()))
        .setConnectTimeout(Protos.duration(CONNECT_TIMEOUT))
        .setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN);
    if (backend.http2()) {
      UpstreamHttp2.enable(cluster);
    }
    ClusterMetadata.put(cluster, "backendOf", metadataKey(backend.kind()));
    PanicThreshold.settle(cluster);
    return cluster.build();
  }

  static ConfigSource ads() {
    return ConfigSource.newBuilder()
        .setAds(AggregatedConfigSource.getDefaultInstance())
        .setResourceApiVersion(ApiVersion.V3)
        .build();
  }

  /** The key under which the cluster's metadata names the policy of {@code kind}. */
  static String metadataKey(String kind) {
    return Character.toLowerCase(kind.charAt(0)) + kind.substring(1);
  }
}
