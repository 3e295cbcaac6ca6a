package dev.breakwater.xds.policy;

import com.google.protobuf.Duration;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.type.v3.Percent;

/**
 * Envoy's panic routing sends traffic to endpoints that are open, failing their health check or
 * not ready once too few are healthy (below 50 % by default). Breakwater keeps the promise that
 * such endpoints get no traffic: a policy that opts into failing open proposes its percentage
 * (one that does not, proposes 0), the lowest proposal wins, and a cluster without proposals gets
 * 0. So panic routing needs every policy on the port to ask for it.
 */
public final class PanicThreshold {
  private PanicThreshold() {}

  /** A policy's proposal; null (no opt-in) proposes 0: never route to unhealthy endpoints. */
  public static void propose(Cluster.Builder cluster, Integer percent) {
    double proposed = percent == null ? 0 : percent;
    Cluster.CommonLbConfig.Builder lb = cluster.getCommonLbConfigBuilder();
    if (!lb.hasHealthyPanicThreshold() || proposed < lb.getHealthyPanicThreshold().getValue()) {
      lb.setHealthyPanicThreshold(Percent.newBuilder().setValue(proposed));
    }
  }

  /** After every policy shaped the cluster: 0 where none proposed, health changes at once. */
  public static void settle(Cluster.Builder cluster) {
    Cluster.CommonLbConfig.Builder lb = cluster.getCommonLbConfigBuilder();
    if (!lb.hasHealthyPanicThreshold()) {
      lb.setHealthyPanicThreshold(Percent.newBuilder().setValue(0));
    }
    // Envoy batches host health changes for 1 s by default: the second and later endpoint to
    // open would keep getting requests for up to a second after opening.
    lb.setUpdateMergeWindow(Duration.getDefaultInstance());
  }
}
