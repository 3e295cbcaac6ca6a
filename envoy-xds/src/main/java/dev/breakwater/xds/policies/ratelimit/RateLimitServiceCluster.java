package dev.breakwater.xds.policies.ratelimit;

import com.google.protobuf.UInt32Value;
import dev.breakwater.xds.names.EnvoyNames;
import dev.breakwater.xds.policy.Protos;
import dev.breakwater.xds.policy.ProxyServices;
import dev.breakwater.xds.policy.UpstreamHttp2;
import io.envoyproxy.envoy.config.cluster.v3.CircuitBreakers;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.cluster.v3.OutlierDetection;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import java.time.Duration;

/**
 * The cluster of the global rate limit service: gRPC (HTTP/2) to every address it was given,
 * resolved by DNS (STRICT_DNS: a headless Service name gives one endpoint per replica, and Envoy
 * spreads calls over them; re-resolved every 5 s, Envoy's default: the cluster-level
 * {@code dns_refresh_rate} is deprecated in 1.36, and a replica that went away is ejected sooner). A replica that stops answering connections is ejected after two
 * local failures in a row (refused connect, reset, timeout) for 5 s, at most half of them at
 * once; its gRPC answers (UNAVAILABLE while Redis is down) never eject it: every replica shares
 * that Redis. Retries (GlobalRateLimitTranslator: on reset or refused connect only) may all come
 * at once when a replica dies with calls in flight, so up to 1,000 run concurrently (Envoy's
 * default, 3, failed the calls beyond it).
 */
final class RateLimitServiceCluster {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

  private RateLimitServiceCluster() {}

  static Cluster cluster(ProxyServices services) {
    ClusterLoadAssignment.Builder endpoints = ClusterLoadAssignment.newBuilder()
        .setClusterName(EnvoyNames.RATE_LIMIT_SERVICE_CLUSTER);
    LocalityLbEndpoints.Builder locality = LocalityLbEndpoints.newBuilder();
    for (String address : services.rateLimitService()) {
      locality.addLbEndpoints(LbEndpoint.newBuilder().setEndpoint(Endpoint.newBuilder()
          .setAddress(Address.newBuilder().setSocketAddress(SocketAddress.newBuilder()
              .setAddress(ProxyServices.host(address))
              .setPortValue(ProxyServices.port(address))))));
    }
    Cluster.Builder cluster = Cluster.newBuilder()
        .setName(EnvoyNames.RATE_LIMIT_SERVICE_CLUSTER)
        .setType(Cluster.DiscoveryType.STRICT_DNS)
        .setConnectTimeout(Protos.duration(CONNECT_TIMEOUT))
        .setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN)
        .setLoadAssignment(endpoints.addEndpoints(locality))
        .setOutlierDetection(OutlierDetection.newBuilder()
            .setSplitExternalLocalOriginErrors(true)
            .setConsecutiveLocalOriginFailure(UInt32Value.of(2))
            .setEnforcingConsecutive5Xx(UInt32Value.of(0))
            .setEnforcingSuccessRate(UInt32Value.of(0))
            .setEnforcingLocalOriginSuccessRate(UInt32Value.of(0))
            .setInterval(Protos.duration(Duration.ofSeconds(1)))
            .setBaseEjectionTime(Protos.duration(Duration.ofSeconds(5)))
            .setMaxEjectionPercent(UInt32Value.of(50)))
        .setCircuitBreakers(CircuitBreakers.newBuilder().addThresholds(
            CircuitBreakers.Thresholds.newBuilder().setMaxRetries(UInt32Value.of(1_000))));
    UpstreamHttp2.enable(cluster);
    return cluster.build();
  }
}
