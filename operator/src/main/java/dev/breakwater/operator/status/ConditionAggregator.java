package dev.breakwater.operator.status;

import dev.breakwater.xds.translate.PolicyCondition;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one place status conditions are made: Accepted and ResolvedRefs from translation,
 * Programmed from the proxies' ACKs, each stamped with the generation they describe. A condition
 * keeps its lastTransitionTime while its status stays the same (reason or message may change).
 * Every policy always carries all three types; one nobody decided is Unknown. Other types
 * translation reports (Overridden, while another policy on the port overrides part of this one)
 * follow them and disappear when translation stops reporting them. Last come the kind's own
 * types (OperatorKind.conditionTypes), which every policy of the kind always carries.
 */
public final class ConditionAggregator {

  public static final List<String> TYPES =
      List.of(PolicyCondition.ACCEPTED, PolicyCondition.RESOLVED_REFS, PolicyCondition.PROGRAMMED);
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  /**
   * @param fromTranslation Accepted / ResolvedRefs and conditions only some policies carry
   * @param programmed the Programmed condition
   * @param previous the conditions currently in status (may be null)
   */
  public List<Condition> aggregate(
      List<PolicyCondition> fromTranslation,
      PolicyCondition programmed,
      long generation,
      List<Condition> previous,
      Instant now) {
    return aggregate(fromTranslation, programmed, List.of(), List.of(), generation, previous, now);
  }

  /**
   * @param kindTypes the kind's own condition types, after the common ones
   * @param fromKind the kind's own conditions (others are ignored)
   */
  public List<Condition> aggregate(
      List<PolicyCondition> fromTranslation,
      PolicyCondition programmed,
      List<String> kindTypes,
      List<PolicyCondition> fromKind,
      long generation,
      List<Condition> previous,
      Instant now) {
    List<Condition> out = new ArrayList<>(TYPES.size() + kindTypes.size());
    for (String type : TYPES) {
      PolicyCondition desired = type.equals(PolicyCondition.PROGRAMMED) ? programmed
          : of(type, fromTranslation, unknown(type));
      out.add(stamp(desired, generation, find(previous, type), now));
    }
    for (PolicyCondition extra : fromTranslation) {
      if (!TYPES.contains(extra.type())) {
        out.add(stamp(extra, generation, find(previous, extra.type()), now));
      }
    }
    for (String type : kindTypes) {
      PolicyCondition desired = of(type, fromKind, new PolicyCondition(type,
          PolicyCondition.Status.Unknown, "Pending", "not evaluated yet"));
      out.add(stamp(desired, generation, find(previous, type), now));
    }
    return out;
  }

  private static PolicyCondition of(String type, List<PolicyCondition> conditions,
      PolicyCondition otherwise) {
    return conditions.stream().filter(c -> c.type().equals(type)).findFirst().orElse(otherwise);
  }

  private static Condition stamp(PolicyCondition desired,
      long generation, Condition previous, Instant now) {
    String status = desired.status().name();
    String since = previous != null && Objects.equals(previous.getStatus(), status)
        && previous.getLastTransitionTime() != null
        ? previous.getLastTransitionTime()
        : RFC3339.format(now.truncatedTo(ChronoUnit.SECONDS));
    Condition c = new Condition();
    c.setType(desired.type());
    c.setStatus(status);
    c.setReason(desired.reason());
    c.setMessage(desired.message() == null ? "" : desired.message());
    c.setObservedGeneration(generation);
    c.setLastTransitionTime(since);
    return c;
  }

  private static Condition find(
      List<Condition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  private static PolicyCondition unknown(String type) {
    return new PolicyCondition(type, PolicyCondition.Status.Unknown, "Pending",
        "not evaluated: the policy was not accepted");
  }
}
