package dev.breakwater.xds.policy;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;

/**
 * {@code metadata.filter_metadata.breakwater} of a cluster: which policies shaped it (so
 * {@code config_dump} answers "why does it behave so?"), and values Envoy reads back at run time
 * through {@code %CLUSTER_METADATA(breakwater:<key>)%}.
 */
public final class ClusterMetadata {
  public static final String NAMESPACE = "breakwater";

  private ClusterMetadata() {}

  public static void put(Cluster.Builder cluster, String key, String value) {
    Struct.Builder fields = cluster.getMetadataBuilder()
        .getFilterMetadataOrDefault(NAMESPACE, Struct.getDefaultInstance()).toBuilder();
    fields.putFields(key, Value.newBuilder().setStringValue(value).build());
    cluster.getMetadataBuilder().putFilterMetadata(NAMESPACE, fields.build());
  }
}
