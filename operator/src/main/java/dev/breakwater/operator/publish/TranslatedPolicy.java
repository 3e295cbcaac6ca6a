package dev.breakwater.operator.publish;

import dev.breakwater.operator.state.PolicyKey;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.translate.PolicyCondition;
import java.util.List;

/**
 * What one publish concluded about one policy: translation's conditions (or the operator's, when
 * the object was invalid or its translation failed) and the Envoy clusters it shaped.
 *
 * @param policy null when the object could not be read
 */
public record TranslatedPolicy(
    PolicyKey key, long generation, Policy policy, List<PolicyCondition> conditions,
    List<String> clusters) {

  public TranslatedPolicy {
    conditions = List.copyOf(conditions);
    clusters = List.copyOf(clusters);
  }

  public boolean accepted() {
    return conditions.stream().anyMatch(c -> c.type().equals(PolicyCondition.ACCEPTED)
        && c.status() == PolicyCondition.Status.True);
  }
}
