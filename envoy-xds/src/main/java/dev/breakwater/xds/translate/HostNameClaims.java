package dev.breakwater.xds.translate;

import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.policy.PortNote;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host names each routed Service answers to. {@code name.ns}, {@code name.ns.svc} and
 * {@code name.ns.svc.cluster.local} are unique by construction (Service and namespace names hold no
 * dots). The bare {@code name} is not: it goes to the Service whose oldest applied policy is oldest,
 * so a tenant in another namespace cannot take it from a Service that had it first, and every
 * policy on a Service that lost it gets a {@value #CONDITION} condition saying where it went.
 */
final class HostNameClaims {
  static final String CONDITION = "HostNameConflict";
  static final String REASON = "OlderClaim";

  private static final Comparator<Policy> OLDEST_FIRST = PolicyClaims.OLDEST_FIRST
      .thenComparing(p -> p.meta().namespace());

  private record Claim(String namespace, String name, Policy oldest, List<Policy> policies) {
    String key() {
      return namespace + "/" + name;
    }
  }

  private final List<Claim> claims = new ArrayList<>();

  /** {@code policies} (at least one) apply to Service {@code namespace/name}. */
  void routed(String namespace, String name, List<Policy> policies) {
    claims.add(new Claim(namespace, name, policies.stream().min(OLDEST_FIRST).orElseThrow(),
        List.copyOf(policies)));
  }

  /**
   * Service key ({@code ns/name}) -> its host names, sorted. The policies of a Service that lost
   * its bare name are noted in {@code verdicts}.
   */
  Map<String, List<String>> allocate(Map<Policy, PolicyVerdict> verdicts) {
    Map<String, Claim> bareOwner = new HashMap<>();
    for (Claim claim : claims) {
      bareOwner.merge(claim.name(), claim, (held, other) ->
          OLDEST_FIRST.compare(held.oldest(), other.oldest()) <= 0 ? held : other);
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Claim claim : claims) {
      String name = claim.name();
      String namespace = claim.namespace();
      List<String> names = new ArrayList<>(List.of(name + "." + namespace,
          name + "." + namespace + ".svc", name + "." + namespace + ".svc.cluster.local"));
      Claim owner = bareOwner.get(name);
      if (owner == claim) {
        names.add(name);
      } else {
        String message = "host name \"" + name + "\" reaches Service " + owner.key() + " (its "
            + owner.oldest().kind() + " " + owner.oldest().meta().namespace() + "/"
            + owner.oldest().meta().name() + " is older); callers reach Service " + claim.key()
            + " as " + name + "." + namespace + " or " + name + "." + namespace
            + ".svc.cluster.local";
        claim.policies().forEach(policy ->
            verdicts.get(policy).noted(new PortNote(policy, CONDITION, REASON, message)));
      }
      names.sort(null);
      out.put(claim.key(), names);
    }
    return out;
  }
}
