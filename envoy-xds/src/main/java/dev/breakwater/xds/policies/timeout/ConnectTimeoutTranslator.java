package dev.breakwater.xds.policies.timeout;

import dev.breakwater.xds.policy.Protos;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;

/**
 * TimeoutPolicy {@code connect} -> the cluster's {@code connect_timeout} (5 s on every cluster
 * without a TimeoutPolicy). A connect that takes longer fails the try: 503, or a retry when a
 * RetryPolicy retries ConnectFailure.
 */
final class ConnectTimeoutTranslator {
  private ConnectTimeoutTranslator() {}

  static void shape(TimeoutSettings spec, Cluster.Builder cluster) {
    cluster.setConnectTimeout(Protos.duration(spec.connect()));
  }
}
