package dev.breakwater.operator.replicas;

import dev.breakwater.operator.xds.ConnectedProxies;
import dev.breakwater.operator.xds.ProxyState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every proxy of every replica: the leader's own connections and those other replicas report. An
 * Envoy that moved between replicas may show up on both for a moment; its own connection here
 * is the fresher view and wins.
 */
public final class FleetProxies implements ConnectedProxies {

  private final ConnectedProxies local;
  private final ConnectedProxies remote;

  /** @param remote the proxies other replicas report */
  public FleetProxies(ConnectedProxies local, ConnectedProxies remote) {
    this.local = local;
    this.remote = remote;
  }

  @Override
  public List<ProxyState> proxies() {
    Map<String, ProxyState> byNode = new TreeMap<>();
    remote.proxies().forEach(p -> byNode.putIfAbsent(p.nodeId(), p));
    local.proxies().forEach(p -> byNode.put(p.nodeId(), p));
    return new ArrayList<>(byNode.values());
  }
}
