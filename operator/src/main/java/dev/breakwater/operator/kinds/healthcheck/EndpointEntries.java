package dev.breakwater.operator.kinds.healthcheck;

import dev.breakwater.crds.v1alpha1.EndpointEntry;
import dev.breakwater.crds.v1alpha1.EndpointFailure;
import dev.breakwater.crds.v1alpha1.EndpointHealthStatus;
import dev.breakwater.operator.status.EndpointCheckResult;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code status.endpoints.entries}: one per endpoint the proxies report, unhealthy ones first
 * (then by address), at most {@link #MAX}. {@code since} and {@code lastFailure} carry over from
 * the status written before, so an operator restart or a new leader keeps them (for the endpoints
 * that were listed).
 */
final class EndpointEntries {
  static final int MAX = 20;
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private EndpointEntries() {}

  /** Fills {@code into}'s entries and entriesNotListed; leaves both out without endpoints. */
  static void fill(EndpointHealthStatus into, List<EndpointHealth> endpoints,
      Map<String, EndpointCheckResult> checks, Set<String> notReady,
      EndpointHealthStatus previous, Instant now) {
    if (endpoints.isEmpty()) {
      return;
    }
    Map<String, EndpointEntry> before = new LinkedHashMap<>();
    if (previous != null && previous.getEntries() != null) {
      previous.getEntries().forEach(e -> before.put(e.getAddress(), e));
    }
    // one address may back two ports of the Service (two clusters): unhealthy on either is unhealthy
    Map<String, Boolean> healthByAddress = new LinkedHashMap<>();
    endpoints.forEach(e -> healthByAddress.merge(e.address(), e.healthy(), Boolean::logicalAnd));
    List<EndpointEntry> all = new ArrayList<>();
    healthByAddress.forEach((address, healthy) -> {
      EndpointEntry entry = entry(address, healthy, checks.get(address), before.get(address), now);
      if (!healthy && notReady.contains(address)) {
        entry.setReady(false);
      }
      all.add(entry);
    });
    all.sort(Comparator.comparing((EndpointEntry e) -> e.getHealthy())
        .thenComparing(EndpointEntry::getAddress));
    into.setEntries(List.copyOf(all.subList(0, Math.min(MAX, all.size()))));
    into.setEntriesNotListed(Math.max(0, all.size() - MAX));
  }

  private static EndpointEntry entry(String address, boolean healthy, EndpointCheckResult check,
      EndpointEntry before, Instant now) {
    String since = before != null && before.getHealthy() != null && before.getHealthy() == healthy
        && before.getSince() != null ? before.getSince() : time(now);
    EndpointFailure lastFailure = before == null ? null : before.getLastFailure();
    if (check != null && !check.passed()) {
      boolean sameStreak = lastFailure != null && before.getHealthy() != null
          && !before.getHealthy() && check.result().equals(lastFailure.getResult());
      if (!sameStreak) {
        lastFailure = new EndpointFailure(check.result(), time(check.since()));
      }
    }
    return new EndpointEntry(address, healthy, since, lastFailure);
  }

  static String time(Instant at) {
    return RFC3339.format(at.truncatedTo(ChronoUnit.SECONDS));
  }
}
