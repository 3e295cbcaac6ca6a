package dev.breakwater.operator.xds;

import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import java.util.Arrays;
import java.util.Optional;

/**
 * The xDS types Breakwater serves: java-control-plane's four over ADS, plus scoped routes on
 * their own stream ({@link ScopedRoutesServer}).
 */
public enum XdsType {
  CLUSTER(Resources.V3.CLUSTER_TYPE_URL, ResourceType.CLUSTER, true),
  ENDPOINT(Resources.V3.ENDPOINT_TYPE_URL, ResourceType.ENDPOINT, false),
  LISTENER(Resources.V3.LISTENER_TYPE_URL, ResourceType.LISTENER, true),
  ROUTE(Resources.V3.ROUTE_TYPE_URL, ResourceType.ROUTE, false),
  SCOPED_ROUTE(ScopedRoutesServer.TYPE_URL, null, true);

  private final String typeUrl;
  private final ResourceType cacheType;
  private final boolean wildcard;

  XdsType(String typeUrl, ResourceType cacheType, boolean wildcard) {
    this.typeUrl = typeUrl;
    this.cacheType = cacheType;
    this.wildcard = wildcard;
  }

  public static Optional<XdsType> of(String typeUrl) {
    return Arrays.stream(values()).filter(t -> t.typeUrl.equals(typeUrl)).findFirst();
  }

  public String typeUrl() {
    return typeUrl;
  }

  /** The type in java-control-plane's cache; empty for scoped routes, which it does not know. */
  public Optional<ResourceType> cacheType() {
    return Optional.ofNullable(cacheType);
  }

  /** Subscribed to with an empty name list (everything), so a stream of the type subscribes. */
  public boolean wildcard() {
    return wildcard;
  }
}
