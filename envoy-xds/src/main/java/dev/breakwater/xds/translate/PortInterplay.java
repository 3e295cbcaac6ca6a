package dev.breakwater.xds.translate;

import dev.breakwater.xds.ir.RoutedPort;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.policies.PolicyKinds;
import dev.breakwater.xds.policy.PortNote;
import dev.breakwater.xds.policy.PortRefusal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the winners of one Service port mean next to each other, asked of their kinds: first
 * which of them cannot apply there (refused, left off the port), then the conditions the ones
 * that apply cause on each other. Both land in the policies' verdicts.
 */
final class PortInterplay {
  private final Map<Policy, PolicyVerdict> verdicts;

  PortInterplay(Map<Policy, PolicyVerdict> verdicts) {
    this.verdicts = verdicts;
  }

  /** The port with only the winners that apply there. */
  RoutedPort settle(RoutedPort winners) {
    Map<String, Policy> applied = new LinkedHashMap<>(winners.policies());
    for (Policy policy : winners.policies().values()) {
      Optional<PortRefusal> refusal = PolicyKinds.refusal(policy, winners);
      if (refusal.isPresent()) {
        applied.remove(policy.kind());
        verdicts.get(policy).refused(winners.clusterName(), refusal.get());
      }
    }
    RoutedPort port = new RoutedPort(winners.namespace(), winners.service(), winners.port(),
        winners.clusterName(), winners.http2(), winners.endpoints(), applied, winners.backends());
    for (Policy policy : port.policies().values()) {
      for (PortNote note : PolicyKinds.notes(policy, port)) {
        verdicts.get(note.subject()).noted(note);
      }
    }
    return port;
  }
}
