package dev.breakwater.operator.state;

import dev.breakwater.xds.model.ClusterState;
import java.util.List;

/**
 * One consistent read of the store.
 *
 * @param state the valid policies with every Service and EndpointSlice: translation's input
 * @param entries every policy, valid or not, sorted by key
 */
public record StoreView(ClusterState state, List<PolicyEntry> entries) {
  public StoreView {
    entries = List.copyOf(entries);
  }
}
