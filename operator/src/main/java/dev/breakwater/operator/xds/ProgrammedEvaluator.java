package dev.breakwater.operator.xds;

import dev.breakwater.operator.publish.SnapshotHistory;
import dev.breakwater.xds.translate.PolicyCondition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.OptionalLong;

/**
 * Decides the Programmed condition and the "n/m proxies" count of one policy from what each
 * connected proxy ACKed. A proxy runs the policy when it subscribes to every type (clusters,
 * endpoints, listeners, routes, scopes) and the version of each it ACKed was served at or after the
 * snapshot that introduced the policy's current shape.
 */
public final class ProgrammedEvaluator {

  public static final String REASON_PROGRAMMED = "Programmed";
  public static final String REASON_PENDING = "Pending";
  public static final String REASON_REJECTED = "Rejected";
  public static final String REASON_NO_PROXIES = "NoProxies";
  public static final String REASON_NOT_ACCEPTED = "NotAccepted";

  private final SnapshotHistory history;

  public ProgrammedEvaluator(SnapshotHistory history) {
    this.history = history;
  }

  public Programmed evaluate(boolean accepted, long introducedAt, List<ProxyState> proxies) {
    return evaluate(accepted, introducedAt, proxies, null);
  }

  /**
   * @param routes the policy's Service's RouteConfiguration: a proxy runs the policy only once
   *     the route response it took carried it (null: not checked)
   */
  public Programmed evaluate(boolean accepted, long introducedAt, List<ProxyState> proxies,
      String routes) {
    return fleet(proxies).evaluate(accepted, introducedAt, routes);
  }

  /**
   * What each proxy runs, looked up once for a pass over every policy: a pass at 10,000
   * policies and 100 proxies would otherwise look up five versions per proxy per policy.
   */
  public Fleet fleet(List<ProxyState> proxies) {
    long[] runsFrom = new long[proxies.size()];
    for (int i = 0; i < runsFrom.length; i++) {
      runsFrom[i] = runsFrom(proxies.get(i));
    }
    return new Fleet(List.copyOf(proxies), runsFrom);
  }

  /** The route name sets of the last fleet (by identity) and their counts, for the next. */
  private volatile TookRoutes lastTook = new TookRoutes(List.of(), Map.of());

  private record TookRoutes(List<Set<String>> sets, Map<String, Integer> counts) {}

  /**
   * How many of the proxies took each route configuration. A proxy's set of names changes only
   * when it asks for other routes, so a pass usually reuses the last pass's counts.
   */
  private Map<String, Integer> tookRoutes(List<Set<String>> sets) {
    TookRoutes last = lastTook;
    if (last.sets().size() == sets.size()) {
      boolean same = true;
      for (int i = 0; same && i < sets.size(); i++) {
        same = last.sets().get(i) == sets.get(i);
      }
      if (same) {
        return last.counts();
      }
    }
    Map<String, Integer> counts = new HashMap<>();
    sets.forEach(names -> names.forEach(n -> counts.merge(n, 1, Integer::sum)));
    lastTook = new TookRoutes(sets, counts);
    return counts;
  }

  /** Of one pass's proxies: how many took each route configuration, and how many are unknown. */
  private record RouteCounts(long oldestRun, int unknown, Map<String, Integer> took) {

    /** Proxies running {@code routes} when every proxy runs the policy's snapshot. */
    int running(String routes) {
      return routes == null ? -1 : unknown + took.getOrDefault(routes, 0);
    }
  }

  /** The connected proxies of one status pass, with the oldest snapshot each runs all of. */
  public final class Fleet {
    private final List<ProxyState> proxies;
    private final long[] runsFrom;
    private final RouteCounts routeCounts;

    private Fleet(List<ProxyState> proxies, long[] runsFrom) {
      this.proxies = proxies;
      this.runsFrom = runsFrom;
      long oldest = Long.MAX_VALUE;
      List<Set<String>> sets = new ArrayList<>(proxies.size());
      for (int i = 0; i < runsFrom.length; i++) {
        oldest = Math.min(oldest, runsFrom[i]);
        Set<String> names = proxies.get(i).taken().get(XdsType.ROUTE);
        if (names != null) {
          sets.add(names);
        }
      }
      this.routeCounts = new RouteCounts(oldest, proxies.size() - sets.size(), tookRoutes(sets));
    }

    public int size() {
      return proxies.size();
    }

    /**
     * @param routes the policy's Service's RouteConfiguration: a proxy runs the policy only once
     *     the route response it took carried it (null: not checked)
     */
    public Programmed evaluate(boolean accepted, long introducedAt, String routes) {
      // the usual case, every proxy past the policy's snapshot: a count, not a loop per proxy
      if (accepted && routes != null && !proxies.isEmpty()
          && routeCounts.oldestRun() >= introducedAt
          && routeCounts.running(routes) == proxies.size()) {
        return allRun(proxies.size());
      }
      return ProgrammedEvaluator.this.evaluate(accepted, introducedAt, proxies, runsFrom, routes);
    }
  }

  private Programmed evaluate(boolean accepted, long introducedAt, List<ProxyState> proxies,
      long[] runsFrom, String routes) {
    int total = proxies.size();
    if (!accepted) {
      return new Programmed(0, total, PolicyCondition.isFalse(PolicyCondition.PROGRAMMED,
          REASON_NOT_ACCEPTED, "the policy is not accepted, so no proxy is given it"));
    }
    if (total == 0) {
      return new Programmed(0, 0, PolicyCondition.isFalse(PolicyCondition.PROGRAMMED, REASON_NO_PROXIES,
          "no Envoy proxy is connected to the operator"));
    }
    int programmed = 0;
    String rejection = null;
    for (int i = 0; i < total; i++) {
      ProxyState proxy = proxies.get(i);
      if (runsFrom[i] >= introducedAt && (routes == null || proxy.tookRoutes(routes))) {
        programmed++;
      } else if (rejection == null) {
        rejection = rejection(proxy, introducedAt);
      }
    }
    String counted = programmed + "/" + total + " proxies";
    if (programmed == total) {
      return allRun(total);
    }
    if (rejection != null) {
      return new Programmed(programmed, total, PolicyCondition.isFalse(PolicyCondition.PROGRAMMED,
          REASON_REJECTED, counted + " run this policy; " + rejection));
    }
    return new Programmed(programmed, total, PolicyCondition.isFalse(PolicyCondition.PROGRAMMED,
        REASON_PENDING, counted + " run this policy; waiting for the others to ACK"));
  }

  boolean runs(ProxyState proxy, long introducedAt) {
    return runsFrom(proxy) >= introducedAt;
  }

  /**
   * The oldest snapshot whose content the proxy runs for every type (what it ACKed), so it runs
   * every policy introduced at or before it; Long.MIN_VALUE when it runs none.
   */
  private long runsFrom(ProxyState proxy) {
    long oldest = Long.MAX_VALUE;
    for (XdsType type : SnapshotHistory.TYPES) {
      // An accepted policy always has a cluster (so EDS) behind the one listener (so RDS): a
      // proxy that has not subscribed to a type yet, e.g. no RDS before its first listener ACK,
      // is not running the policy.
      if (!proxy.subscribed().contains(type)) {
        return Long.MIN_VALUE;
      }
      OptionalLong served = history.lastIndex(type, proxy.acked().get(type));
      if (served.isEmpty()) {
        return Long.MIN_VALUE;
      }
      oldest = Math.min(oldest, served.getAsLong());
    }
    return oldest;
  }

  private String rejection(ProxyState proxy, long introducedAt) {
    for (XdsType type : SnapshotHistory.TYPES) {
      ProxyState.Nack nack = proxy.nacks().get(type);
      if (nack == null) {
        continue;
      }
      OptionalLong served = history.lastIndex(type, nack.version());
      if (served.isEmpty() || served.getAsLong() >= introducedAt) {
        return "proxy " + proxy.nodeId() + " rejected " + type + " version " + nack.version()
            + ": " + nack.message();
      }
    }
    return null;
  }

  private static Programmed allRun(int total) {
    return new Programmed(total, total, PolicyCondition.isTrue(PolicyCondition.PROGRAMMED,
        REASON_PROGRAMMED, total + "/" + total + " proxies run this policy"));
  }

  /** @param condition the Programmed condition */
  public record Programmed(int programmed, int total, PolicyCondition condition) {}
}
