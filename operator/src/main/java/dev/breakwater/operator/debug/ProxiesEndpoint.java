package dev.breakwater.operator.debug;

import dev.breakwater.operator.replicas.ReportedProxies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Assembles {@code GET /debug/proxies}: this replica's proxies, and with several replicas those
 * the others report. A proxy both here and in a report (it just moved) is shown as connected
 * here, the fresher view.
 */
public final class ProxiesEndpoint {

  private final ProxyViews local;
  private final ReportedProxies reported;
  private final BooleanSupplier leader;
  private final Supplier<String> leaderIdentity;

  /** @param reported null without leader election (a single replica sees every proxy) */
  public ProxiesEndpoint(ProxyViews local, ReportedProxies reported, BooleanSupplier leader,
      Supplier<String> leaderIdentity) {
    this.local = local;
    this.reported = reported;
    this.leader = leader;
    this.leaderIdentity = leaderIdentity;
  }

  public ProxiesAnswer answer() {
    Map<String, ProxyView> byNode = new TreeMap<>();
    List<String> notes = new ArrayList<>();
    boolean leading = leader.getAsBoolean();
    boolean complete = true;
    if (reported != null) {
      ReportedProxies.Reported others = reported.read();
      others.proxies().forEach(p -> byNode.putIfAbsent(p.node(), p));
      notes.addAll(others.problems());
      complete = others.problems().isEmpty();
      if (!leading) {
        complete = false;
        String holder = leaderIdentity.get();
        notes.add("this replica is a standby: the proxies connected to the leader"
            + (holder == null ? "" : " (" + holder + ")") + " are not listed; ask the leader "
            + "for the whole fleet");
      }
    }
    local.views().forEach(p -> byNode.put(p.node(), p));
    return new ProxiesAnswer(local.replica(), leading, leaderIdentity.get(), complete,
        new ArrayList<>(byNode.values()), notes);
  }
}
