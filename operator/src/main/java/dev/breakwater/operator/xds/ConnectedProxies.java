package dev.breakwater.operator.xds;

import java.util.List;

/** The Envoy proxies status is computed over, one entry per node id, sorted by node id. */
@FunctionalInterface
public interface ConnectedProxies {

  List<ProxyState> proxies();
}
