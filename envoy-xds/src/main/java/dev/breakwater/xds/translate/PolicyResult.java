package dev.breakwater.xds.translate;

import dev.breakwater.xds.model.PolicyMeta;
import java.util.List;

/**
 * What translation concluded about one policy.
 *
 * @param clusters the Envoy cluster names this policy shaped (empty when not accepted)
 */
public record PolicyResult(PolicyMeta meta, List<PolicyCondition> conditions, List<String> clusters) {

  public PolicyResult {
    conditions = List.copyOf(conditions);
    clusters = List.copyOf(clusters);
  }

  public boolean accepted() {
    return conditions.stream()
        .anyMatch(c -> c.type().equals(PolicyCondition.ACCEPTED) && c.status() == PolicyCondition.Status.True);
  }
}
