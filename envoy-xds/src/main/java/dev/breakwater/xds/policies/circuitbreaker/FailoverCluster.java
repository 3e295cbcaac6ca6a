package dev.breakwater.xds.policies.circuitbreaker;

import com.google.protobuf.Any;
import dev.breakwater.xds.policy.Protos;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.extensions.clusters.aggregate.v3.ClusterConfig;
import java.time.Duration;

/**
 * A breaker's fallback Service: an aggregate cluster over the target and the fallback. Envoy
 * sends to the fallback only while the target has no healthy endpoint (every one open, failing
 * its check or not ready; fail-fast panic settings make that exact) and comes back as soon as one
 * is, without any change of config.
 */
final class FailoverCluster {
  static final String AGGREGATE = "envoy.clusters.aggregate";

  private FailoverCluster() {}

  static String name(String target) {
    return target + "/failover";
  }

  static Cluster of(String target, String fallback) {
    return Cluster.newBuilder()
        .setName(name(target))
        .setClusterType(Cluster.CustomClusterType.newBuilder()
            .setName(AGGREGATE)
            .setTypedConfig(Any.pack(ClusterConfig.newBuilder()
                .addClusters(target)
                .addClusters(fallback)
                .build())))
        .setLbPolicy(Cluster.LbPolicy.CLUSTER_PROVIDED)
        .setConnectTimeout(Protos.duration(Duration.ofSeconds(5)))
        .build();
  }
}
