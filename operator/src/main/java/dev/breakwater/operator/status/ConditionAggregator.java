package dev.breakwater.operator.status;

import dev.breakwater.xds.translate.Condition;
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
 * Every policy always carries all three types; one nobody decided is Unknown.
 */
public final class ConditionAggregator {

  public static final List<String> TYPES =
      List.of(Condition.ACCEPTED, Condition.RESOLVED_REFS, Condition.PROGRAMMED);
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  /**
   * @param fromTranslation Accepted / ResolvedRefs (others are ignored)
   * @param programmed the Programmed condition
   * @param previous the conditions currently in status (may be null)
   */
  public List<io.fabric8.kubernetes.api.model.Condition> aggregate(
      List<Condition> fromTranslation,
      Condition programmed,
      long generation,
      List<io.fabric8.kubernetes.api.model.Condition> previous,
      Instant now) {
    List<io.fabric8.kubernetes.api.model.Condition> out = new ArrayList<>(TYPES.size());
    for (String type : TYPES) {
      Condition desired = type.equals(Condition.PROGRAMMED) ? programmed
          : fromTranslation.stream().filter(c -> c.type().equals(type)).findFirst()
              .orElse(unknown(type));
      out.add(stamp(desired, generation, find(previous, type), now));
    }
    return out;
  }

  /**
   * A condition beyond the three every policy carries (a HealthCheck's ProbesApplied), stamped
   * the same way against the same type in {@code previous}.
   */
  public io.fabric8.kubernetes.api.model.Condition extra(Condition desired, long generation,
      List<io.fabric8.kubernetes.api.model.Condition> previous, Instant now) {
    return stamp(desired, generation, find(previous, desired.type()), now);
  }

  private static io.fabric8.kubernetes.api.model.Condition stamp(Condition desired,
      long generation, io.fabric8.kubernetes.api.model.Condition previous, Instant now) {
    String status = desired.status().name();
    String since = previous != null && Objects.equals(previous.getStatus(), status)
        && previous.getLastTransitionTime() != null
        ? previous.getLastTransitionTime()
        : RFC3339.format(now.truncatedTo(ChronoUnit.SECONDS));
    io.fabric8.kubernetes.api.model.Condition c = new io.fabric8.kubernetes.api.model.Condition();
    c.setType(desired.type());
    c.setStatus(status);
    c.setReason(desired.reason());
    c.setMessage(desired.message() == null ? "" : desired.message());
    c.setObservedGeneration(generation);
    c.setLastTransitionTime(since);
    return c;
  }

  private static io.fabric8.kubernetes.api.model.Condition find(
      List<io.fabric8.kubernetes.api.model.Condition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  private static Condition unknown(String type) {
    return new Condition(type, Condition.Status.Unknown, "Pending",
        "not evaluated: the policy was not accepted");
  }
}
