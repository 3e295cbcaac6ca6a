package dev.breakwater.xds.policy;

import io.envoyproxy.envoy.config.accesslog.v3.AccessLogFilter;
import io.envoyproxy.envoy.config.accesslog.v3.ResponseFlagFilter;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.ResponseMapper;

/**
 * How a caller learns that a breaker refused it: Envoy's own 503 for "no healthy upstream"
 * (response flag UH) gets {@value #HEADER}, whose value is the cluster's metadata
 * {@code breakwater.breaker} ({@code open; policy=<ns>/<name>}). One static mapper in the
 * listener serves every cluster; an upstream's own 503 and clusters without a breaker get nothing.
 */
public final class BreakerReply {
  public static final String HEADER = "x-breakwater-breaker";
  public static final String METADATA_KEY = "breaker";

  private BreakerReply() {}

  public static ResponseMapper mapper(String metadataNamespace) {
    return ResponseMapper.newBuilder()
        .setFilter(AccessLogFilter.newBuilder().setResponseFlagFilter(
            ResponseFlagFilter.newBuilder().addFlags("UH")))
        .addHeadersToAdd(HeaderValueOption.newBuilder()
            .setHeader(HeaderValue.newBuilder().setKey(HEADER)
                .setValue("%CLUSTER_METADATA(" + metadataNamespace + ":" + METADATA_KEY + ")%"))
            .setAppendAction(HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD))
        .build();
  }

  /** The metadata value: what the header says while the breaker refuses callers. */
  public static String value(String namespace, String policy) {
    return "open; policy=" + namespace + "/" + policy;
  }
}
