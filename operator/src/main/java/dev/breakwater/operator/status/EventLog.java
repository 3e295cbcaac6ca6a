package dev.breakwater.operator.status;

import dev.breakwater.operator.state.PolicyKey;
import dev.breakwater.xds.model.ApiGroup;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a policy's Events aggregated as kubectl shows them ("x4 over 10m"): one Event object per
 * policy, type and reason, written again with a higher {@code count}, a later
 * {@code lastTimestamp} and the latest message, as client-go's event correlator does. Each write
 * is one server-side apply (a PATCH that creates the object if needed): fabric8's plain patch
 * reads the object first, and the chart grants no {@code get} on Events, only create and patch.
 * After a restart a new Event starts at 1. Best effort: a failure is logged, never retried.
 */
public final class EventLog implements PolicyEvents.EventSink {

  private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);
  private static final String COMPONENT = "breakwater";
  private static final int MAX_PREFIX = 253 - 17;

  private final KubernetesClient client;
  private final Clock clock;
  private final Map<PolicyKey, Map<String, Written>> written = new HashMap<>();

  public EventLog(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** One Event object: its name, how often it was recorded, since when. */
  private record Written(String name, int count, String first) {}

  @Override
  public synchronized void write(PolicyKey key, String uid, PolicyEvents.Change change) {
    String now = DateTimeFormatter.ISO_INSTANT.format(
        clock.instant().truncatedTo(ChronoUnit.SECONDS));
    Map<String, Written> ofPolicy = written.computeIfAbsent(key, k -> new HashMap<>());
    String aggregate = uid + "/" + change.type() + "/" + change.reason();
    Written before = ofPolicy.get(aggregate);
    Written next = before == null ? new Written(name(key), 1, now)
        : new Written(before.name(), before.count() + 1, before.first());
    try {
      client.v1().events().inNamespace(key.namespace()).resource(new EventBuilder()
          .withNewMetadata().withName(next.name()).withNamespace(key.namespace()).endMetadata()
          .withNewInvolvedObject()
            .withApiVersion(ApiGroup.API_VERSION).withKind(key.kind())
            .withNamespace(key.namespace()).withName(key.name()).withUid(uid)
          .endInvolvedObject()
          .withType(change.type()).withReason(change.reason()).withMessage(change.message())
          .withFirstTimestamp(next.first()).withLastTimestamp(now).withCount(next.count())
          .withNewSource().withComponent(COMPONENT).endSource()
          .withReportingComponent(COMPONENT)
          .build()).fieldManager(COMPONENT).forceConflicts().serverSideApply();
      ofPolicy.put(aggregate, next);
    } catch (KubernetesClientException e) {
      LOG.debug("event {} for {} not written: {}", change.reason(), key, e.getMessage());
    }
  }

  @Override
  public synchronized void retainOnly(Set<PolicyKey> present) {
    written.keySet().retainAll(present);
  }

  /** {@code <policy name>.<16 hex digits>}, as client-go names Events. */
  private static String name(PolicyKey key) {
    String prefix = key.name().length() > MAX_PREFIX ? key.name().substring(0, MAX_PREFIX)
        : key.name();
    return prefix + "." + String.format("%016x",
        ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
  }
}
