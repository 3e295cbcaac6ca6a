package dev.breakwater.xds.envoy;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import dev.breakwater.xds.names.EnvoyNames;
import dev.breakwater.xds.policies.PolicyKinds;
import dev.breakwater.xds.policy.FixedResponseRule;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.http.custom_response.v3.CustomResponse;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.LocalReplyConfig;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;

/** The one HTTP listener every proxy gets; routes come over RDS. */
final class ListenerFactory {
  static final String HCM_FILTER = "envoy.filters.network.http_connection_manager";
  static final String ROUTER_FILTER = "envoy.filters.http.router";

  private ListenerFactory() {}

  static Listener listener(int port) {
    return Listener.newBuilder()
        .setName(EnvoyNames.LISTENER)
        .setAddress(Address.newBuilder().setSocketAddress(SocketAddress.newBuilder()
            .setAddress("0.0.0.0")
            .setPortValue(port)))
        .addFilterChains(FilterChain.newBuilder().addFilters(Filter.newBuilder()
            .setName(HCM_FILTER)
            .setTypedConfig(Any.pack(connectionManager()
                .setRds(Rds.newBuilder()
                    .setConfigSource(ClusterFactory.ads())
                    .setRouteConfigName(EnvoyNames.ROUTE_CONFIG))
                .build()))))
        .build();
  }

  /** Everything of the connection manager but where its routes come from. */
  static HttpConnectionManager.Builder connectionManager() {
    HttpConnectionManager.Builder hcm = HttpConnectionManager.newBuilder()
        .setStatPrefix(EnvoyNames.HTTP_STAT_PREFIX)
        .setCodecType(HttpConnectionManager.CodecType.AUTO)
        // The client's own address keys per-client rate limits, not a hop's.
        .setUseRemoteAddress(BoolValue.of(true))
        .setNormalizePath(BoolValue.of(true))
        .setMergeSlashes(true);
    // first, so it sees every answer (Envoy's own included) last: routes configure fixed answers
    hcm.addHttpFilters(HttpFilter.newBuilder()
        .setName(FixedResponseRule.FILTER)
        .setTypedConfig(Any.pack(CustomResponse.getDefaultInstance())));
    PolicyKinds.all().forEach(kind -> hcm.addAllHttpFilters(kind.httpFilters()));
    LocalReplyConfig.Builder replies = LocalReplyConfig.newBuilder();
    PolicyKinds.all().forEach(kind -> replies.addAllMappers(kind.localReplyMappers()));
    if (replies.getMappersCount() > 0) {
      hcm.setLocalReplyConfig(replies);
    }
    return hcm.addHttpFilters(HttpFilter.newBuilder()
        .setName(ROUTER_FILTER)
        .setTypedConfig(Any.pack(Router.getDefaultInstance())));
  }
}
