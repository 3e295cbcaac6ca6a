package dev.breakwater.xds.envoy;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import dev.breakwater.xds.names.EnvoyNames;
import dev.breakwater.xds.policies.PolicyKinds;
import dev.breakwater.xds.policy.FixedResponseRule;
import dev.breakwater.xds.policy.ProxyServices;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.core.v3.CidrRange;
import io.envoyproxy.envoy.config.core.v3.TypedExtensionConfig;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.listener.v3.ListenerFilter;
import io.envoyproxy.envoy.extensions.filters.listener.proxy_protocol.v3.ProxyProtocol;
import io.envoyproxy.envoy.extensions.http.original_ip_detection.xff.v3.XffConfig;
import io.envoyproxy.envoy.extensions.http.original_ip_detection.xff.v3.XffTrustedCidrs;
import io.envoyproxy.envoy.extensions.filters.http.custom_response.v3.CustomResponse;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.LocalReplyConfig;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.ScopedRds;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.ScopedRoutes;
import io.envoyproxy.envoy.config.core.v3.ApiConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.config.core.v3.BackoffStrategy;
import io.envoyproxy.envoy.config.core.v3.RetryPolicy;
import dev.breakwater.xds.policy.Protos;

/** The one HTTP listener every proxy gets; routes come by host name (scoped RDS). */
final class ListenerFactory {
  static final String HCM_FILTER = "envoy.filters.network.http_connection_manager";
  static final String ROUTER_FILTER = "envoy.filters.http.router";
  static final String PROXY_PROTOCOL_FILTER = "envoy.filters.listener.proxy_protocol";
  static final java.time.Duration RECONNECT_BASE = java.time.Duration.ofMillis(500);
  static final java.time.Duration RECONNECT_MAX = java.time.Duration.ofSeconds(5);

  private ListenerFactory() {}

  static Listener listener(int port, ClientAddress client, ProxyServices services) {
    Listener.Builder listener = Listener.newBuilder()
        .setName(EnvoyNames.LISTENER)
        .setAddress(Address.newBuilder().setSocketAddress(SocketAddress.newBuilder()
            .setAddress("0.0.0.0")
            .setPortValue(port)))
        .addFilterChains(FilterChain.newBuilder().addFilters(Filter.newBuilder()
            .setName(HCM_FILTER)
            .setTypedConfig(Any.pack(connectionManager(client, services)
                .setScopedRoutes(scopedRoutes())
                .build()))));
    if (client.proxyProtocol()) {
      listener.addListenerFilters(ListenerFilter.newBuilder()
          .setName(PROXY_PROTOCOL_FILTER)
          .setTypedConfig(Any.pack(ProxyProtocol.getDefaultInstance())));
    }
    return listener.build();
  }

  /**
   * Routes by host name: the scope key is the Host (HTTP/2 {@code :authority}) up to its first
   * {@code :}, so {@code payments.shop:8080} and {@code payments.shop} meet the same scope, one
   * per host name; each scope names its Service's RouteConfiguration (RDS over ADS). A host name
   * no scope holds gets 404. Scopes come over their own gRPC stream (SRDS) to the operator.
   */
  static ScopedRoutes.Builder scopedRoutes() {
    return ScopedRoutes.newBuilder()
        .setName(EnvoyNames.SCOPED_ROUTES)
        .setScopeKeyBuilder(ScopedRoutes.ScopeKeyBuilder.newBuilder().addFragments(
            ScopedRoutes.ScopeKeyBuilder.FragmentBuilder.newBuilder().setHeaderValueExtractor(
                ScopedRoutes.ScopeKeyBuilder.FragmentBuilder.HeaderValueExtractor.newBuilder()
                    .setName(":authority")
                    .setElementSeparator(":")
                    .setIndex(0))))
        .setRdsConfigSource(ClusterFactory.ads())
        .setScopedRds(ScopedRds.newBuilder().setScopedRdsConfigSource(ConfigSource.newBuilder()
            .setResourceApiVersion(ApiVersion.V3)
            .setApiConfigSource(ApiConfigSource.newBuilder()
                .setApiType(ApiConfigSource.ApiType.GRPC)
                .setTransportApiVersion(ApiVersion.V3)
                .setSetNodeOnFirstMessageOnly(true)
                .addGrpcServices(GrpcService.newBuilder()
                    .setEnvoyGrpc(GrpcService.EnvoyGrpc.newBuilder()
                        .setClusterName(EnvoyNames.XDS_CLUSTER))
                    // reconnect to a restarted operator within seconds, as ADS does (the
                    // bootstrap); Envoy's default backs off to 30 s
                    .setRetryPolicy(RetryPolicy.newBuilder().setRetryBackOff(
                        BackoffStrategy.newBuilder()
                            .setBaseInterval(Protos.duration(RECONNECT_BASE))
                            .setMaxInterval(Protos.duration(RECONNECT_MAX))))))));
  }

  /** Everything of the connection manager but where its routes come from. */
  static HttpConnectionManager.Builder connectionManager(ClientAddress client,
      ProxyServices services) {
    HttpConnectionManager.Builder hcm = HttpConnectionManager.newBuilder()
        .setStatPrefix(EnvoyNames.HTTP_STAT_PREFIX)
        .setCodecType(HttpConnectionManager.CodecType.AUTO)
        .setNormalizePath(BoolValue.of(true))
        .setMergeSlashes(true);
    // The client's own address keys per-client rate limits, not a hop's.
    if (!client.xffTrustedCidrs().isEmpty()) {
      // Envoy refuses trusted CIDRs mixed with use_remote_address
      hcm.addOriginalIpDetectionExtensions(TypedExtensionConfig.newBuilder()
          .setName("envoy.http.original_ip_detection.xff")
          .setTypedConfig(Any.pack(XffConfig.newBuilder()
              .setXffTrustedCidrs(XffTrustedCidrs.newBuilder().addAllCidrs(
                  client.xffTrustedCidrs().stream().map(ListenerFactory::cidr).toList()))
              .build())));
    } else {
      hcm.setUseRemoteAddress(BoolValue.of(true)).setXffNumTrustedHops(client.xffTrustedHops());
    }
    // first, so it sees every answer (Envoy's own included) last: routes configure fixed answers
    hcm.addHttpFilters(HttpFilter.newBuilder()
        .setName(FixedResponseRule.FILTER)
        .setTypedConfig(Any.pack(CustomResponse.getDefaultInstance())));
    PolicyKinds.all().forEach(kind -> hcm.addAllHttpFilters(kind.httpFilters(services)));
    LocalReplyConfig.Builder replies = LocalReplyConfig.newBuilder();
    PolicyKinds.all().forEach(kind -> replies.addAllMappers(kind.localReplyMappers()));
    if (replies.getMappersCount() > 0) {
      hcm.setLocalReplyConfig(replies);
    }
    return hcm.addHttpFilters(HttpFilter.newBuilder()
        .setName(ROUTER_FILTER)
        .setTypedConfig(Any.pack(Router.getDefaultInstance())));
  }

  /** {@code 10.0.0.0/8} (or a bare address, a /32 or /128). */
  static CidrRange cidr(String text) {
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    int bits = slash < 0 ? (address.contains(":") ? 128 : 32)
        : Integer.parseInt(text.substring(slash + 1));
    return CidrRange.newBuilder().setAddressPrefix(address)
        .setPrefixLen(com.google.protobuf.UInt32Value.of(bits)).build();
  }
}
