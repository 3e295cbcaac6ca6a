package dev.breakwater.operator.status;

import dev.breakwater.crds.v1alpha1.PolicyStatus;
import dev.breakwater.crds.v1alpha1.ProxyStatus;
import dev.breakwater.operator.xds.ProgrammedEvaluator.Programmed;
import dev.breakwater.xds.translate.PolicyCondition;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The moment after a replica starts writing status (a restart, a new leader) when the proxies
 * are still reconnecting to it: a policy whose status says Programmed=True for its current
 * generation keeps saying so, instead of flapping to NoProxies or Pending and back (each flap an
 * Event and a condition transition). What the proxies answer wins as soon as it says True, and
 * after the window in any case.
 */
final class ReconnectGrace {

  /** Envoy retries a lost xDS stream within a few seconds; this covers a loaded node too. */
  static final Duration WINDOW = Duration.ofSeconds(15);

  private volatile Instant until = Instant.MIN;

  void begin(Instant now) {
    until = now.plus(WINDOW);
  }

  Programmed apply(Programmed computed, PolicyStatus previous, long generation, Instant now) {
    if (computed.condition().status() == PolicyCondition.Status.True || !now.isBefore(until)
        || previous == null) {
      return computed;
    }
    Optional<Condition> before = previous.condition(PolicyCondition.PROGRAMMED);
    ProxyStatus proxies = previous.getProxies();
    if (before.isEmpty() || !"True".equals(before.get().getStatus())
        || before.get().getObservedGeneration() == null
        || before.get().getObservedGeneration() != generation || proxies == null
        || proxies.getProgrammed() == null || proxies.getTotal() == null) {
      return computed;
    }
    Condition c = before.get();
    return new Programmed(proxies.getProgrammed(), proxies.getTotal(),
        PolicyCondition.isTrue(PolicyCondition.PROGRAMMED, c.getReason(), c.getMessage()));
  }
}
