package dev.breakwater.operator.publish;

import io.envoyproxy.controlplane.cache.NodeGroup;
import io.envoyproxy.envoy.config.core.v3.Node;

/** Every proxy gets the same configuration: one node group. */
public final class NodeGroups {

  public static final String ALL = "breakwater";

  public static final NodeGroup<String> SINGLE = (Node node) -> ALL;

  private NodeGroups() {}
}
