package dev.breakwater.operator.publish;

import dev.breakwater.operator.state.PolicyEntry;
import dev.breakwater.operator.state.PolicyKey;
import dev.breakwater.operator.state.StoreView;
import dev.breakwater.xds.model.ClusterState;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.translate.PolicyCondition;
import dev.breakwater.xds.translate.PolicyResult;
import dev.breakwater.xds.translate.Reasons;
import dev.breakwater.xds.Translation;
import dev.breakwater.xds.Translator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the translator so that one policy it cannot handle does not take the others down: when the
 * whole translation throws, each policy is translated alone to find the ones that throw, those get
 * {@code Accepted=False, reason=Invalid}, and the rest is translated without them. Objects the
 * reader rejected are reported the same way and never reach the translator.
 */
public final class IsolatingTranslator implements PolicyTranslation {

  private static final Logger LOG = LoggerFactory.getLogger(IsolatingTranslator.class);

  private final Function<ClusterState, Translation> translator;

  public IsolatingTranslator(Translator translator) {
    this(translator::translate);
  }

  /** For tests: any function with the translator's contract. */
  public IsolatingTranslator(Function<ClusterState, Translation> translator) {
    this.translator = translator;
  }

  /** Throws only when even the policies that translate alone cannot be translated together. */
  @Override
  public TranslationOutcome translate(StoreView view) {
    ClusterState state = view.state();
    Map<PolicyKey, String> failed = new LinkedHashMap<>();
    Translation translation;
    try {
      translation = translator.apply(state);
    } catch (RuntimeException whole) {
      LOG.warn("translation failed, isolating the policies that fail: {}", whole.toString());
      for (Policy policy : state.policies()) {
        try {
          translator.apply(
              new ClusterState(List.of(policy), state.services(), state.endpointSlices()));
        } catch (RuntimeException alone) {
          failed.put(PolicyKey.of(policy.meta()), describe(alone));
        }
      }
      List<Policy> rest = state.policies().stream()
          .filter(p -> !failed.containsKey(PolicyKey.of(p.meta()))).toList();
      translation =
          translator.apply(new ClusterState(rest, state.services(), state.endpointSlices()));
    }
    return new TranslationOutcome(translation.resources(),
        outcomes(view.entries(), translation.results(), failed));
  }

  private static List<TranslatedPolicy> outcomes(
      List<PolicyEntry> entries, List<PolicyResult> results, Map<PolicyKey, String> failed) {
    Map<PolicyKey, PolicyResult> byKey = new HashMap<>();
    results.forEach(r -> byKey.put(PolicyKey.of(r.meta()), r));
    List<TranslatedPolicy> out = new ArrayList<>(entries.size());
    for (PolicyEntry entry : entries) {
      PolicyResult result = byKey.get(entry.key());
      if (!entry.isValid()) {
        out.add(rejected(entry, entry.invalidReason()));
      } else if (failed.containsKey(entry.key())) {
        out.add(rejected(entry, "translation failed: " + failed.get(entry.key())));
      } else if (result == null) {
        // a translator that forgets a policy is a bug; say so instead of claiming anything
        out.add(new TranslatedPolicy(entry.key(), entry.generation(), entry.policy(),
            List.of(new PolicyCondition(PolicyCondition.ACCEPTED, PolicyCondition.Status.Unknown, "Pending",
                "translation produced no result for this policy")),
            List.of()));
      } else {
        out.add(new TranslatedPolicy(entry.key(), entry.generation(), entry.policy(),
            result.conditions(), result.clusters()));
      }
    }
    return out;
  }

  private static TranslatedPolicy rejected(PolicyEntry entry, String message) {
    return new TranslatedPolicy(entry.key(), entry.generation(), entry.policy(),
        List.of(PolicyCondition.isFalse(PolicyCondition.ACCEPTED, Reasons.INVALID, message)), List.of());
  }

  private static String describe(RuntimeException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
