package dev.breakwater.xds.policy;

import com.google.protobuf.Any;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;

/** Cleartext HTTP/2 to a cluster's endpoints (h2c Service ports, gRPC health checks). */
public final class UpstreamHttp2 {
  /** The key of a cluster's upstream HTTP protocol options. */
  public static final String OPTIONS_KEY = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

  private UpstreamHttp2() {}

  public static void enable(Cluster.Builder cluster) {
    cluster.putTypedExtensionProtocolOptions(OPTIONS_KEY, Any.pack(HttpProtocolOptions.newBuilder()
        .setExplicitHttpConfig(HttpProtocolOptions.ExplicitHttpConfig.newBuilder()
            .setHttp2ProtocolOptions(Http2ProtocolOptions.getDefaultInstance()))
        .build()));
  }

  public static boolean enabled(Cluster.Builder cluster) {
    return cluster.containsTypedExtensionProtocolOptions(OPTIONS_KEY);
  }
}
