package dev.breakwater.xds.envoy;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.breakwater.xds.ir.RoutedPort;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.policies.PolicyKinds;
import dev.breakwater.xds.policy.PolicyKind;
import dev.breakwater.xds.policy.Protos;
import dev.breakwater.xds.policy.UpstreamHttp2;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import java.time.Duration;

/**
 * One EDS cluster per routed Service port, shaped by the policy of each kind that won it (connect
 * timeout 5 s unless a TimeoutPolicy says otherwise).
 */
final class ClusterFactory {
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
    if (port.http2()) {
      UpstreamHttp2.enable(cluster);
    }
    // registry order: a kind may build on what an earlier one shaped (circuit breaker thresholds)
    for (PolicyKind<?> kind : PolicyKinds.all()) {
      Policy policy = port.policies().get(kind.name());
      if (policy != null) {
        PolicyKinds.shapeCluster(policy, port, cluster);
      }
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

  /**
   * Which policies shaped this cluster (key: the kind in lowerCamelCase), so `config_dump`
   * answers "why does it behave so?".
   */
  private static Metadata metadata(RoutedPort port) {
    Struct.Builder policies = Struct.newBuilder();
    port.policies().forEach((kind, policy) -> policies.putFields(metadataKey(kind),
        string(policy.meta().namespace() + "/" + policy.meta().name())));
    policies.putFields("service", string(port.namespace() + "/" + port.service()));
    return Metadata.newBuilder().putFilterMetadata(METADATA_NAMESPACE, policies.build()).build();
  }

  static String metadataKey(String kind) {
    return Character.toLowerCase(kind.charAt(0)) + kind.substring(1);
  }

  private static Value string(String text) {
    return Value.newBuilder().setStringValue(text).build();
  }
}
