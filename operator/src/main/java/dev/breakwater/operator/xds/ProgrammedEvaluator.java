package dev.breakwater.operator.xds;

import dev.breakwater.operator.publish.SnapshotHistory;
import dev.breakwater.xds.translate.PolicyCondition;
import java.util.List;
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
    for (ProxyState proxy : proxies) {
      if (runs(proxy, introducedAt) && (routes == null || proxy.tookRoutes(routes))) {
        programmed++;
      } else if (rejection == null) {
        rejection = rejection(proxy, introducedAt);
      }
    }
    String counted = programmed + "/" + total + " proxies";
    if (programmed == total) {
      return new Programmed(programmed, total, PolicyCondition.isTrue(PolicyCondition.PROGRAMMED,
          REASON_PROGRAMMED, counted + " run this policy"));
    }
    if (rejection != null) {
      return new Programmed(programmed, total, PolicyCondition.isFalse(PolicyCondition.PROGRAMMED,
          REASON_REJECTED, counted + " run this policy; " + rejection));
    }
    return new Programmed(programmed, total, PolicyCondition.isFalse(PolicyCondition.PROGRAMMED,
        REASON_PENDING, counted + " run this policy; waiting for the others to ACK"));
  }

  boolean runs(ProxyState proxy, long introducedAt) {
    for (XdsType type : SnapshotHistory.TYPES) {
      // An accepted policy always has a cluster (so EDS) behind the one listener (so RDS): a
      // proxy that has not subscribed to a type yet, e.g. no RDS before its first listener ACK,
      // is not running the policy.
      if (!proxy.subscribed().contains(type)) {
        return false;
      }
      OptionalLong served = history.lastIndex(type, proxy.acked().get(type));
      if (served.isEmpty() || served.getAsLong() < introducedAt) {
        return false;
      }
    }
    return true;
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

  /** @param condition the Programmed condition */
  public record Programmed(int programmed, int total, PolicyCondition condition) {}
}
