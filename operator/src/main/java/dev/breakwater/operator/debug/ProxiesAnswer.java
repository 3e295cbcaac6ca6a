package dev.breakwater.operator.debug;

import java.util.List;

/**
 * What {@code GET /debug/proxies} answers.
 *
 * @param replica the replica that answered
 * @param leader whether it holds the Lease (always, without leader election)
 * @param leaderIdentity the Lease holder as this replica last heard of it; null when unknown
 * @param complete false when proxies may be missing: a standby does not see the leader's own
 *     proxies, or a report could not be read ({@code notes} says which)
 * @param proxies sorted by node id
 */
public record ProxiesAnswer(String replica, boolean leader, String leaderIdentity,
    boolean complete, List<ProxyView> proxies, List<String> notes) {

  public ProxiesAnswer {
    proxies = List.copyOf(proxies);
    notes = List.copyOf(notes);
  }
}
