package dev.breakwater.operator.status;

import dev.breakwater.crds.v1alpha1.PolicyStatus;
import dev.breakwater.operator.state.PolicyKey;
import dev.breakwater.xds.model.ApiGroup;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events for what changed in a policy's status, so `kubectl describe` tells the story
 * (rejected by a proxy, breaker opened, endpoints unhealthy) without reading status history. Only
 * transitions are recorded, against the status the object already carried, so a restart of the
 * operator does not repeat them. Events are best effort: a failure is logged, never retried.
 */
public final class PolicyEvents {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyEvents.class);
  private static final String COMPONENT = "breakwater";
  private static final Set<String> WARNING_STATES = Set.of("Open", "Unhealthy", "Degraded");

  private final KubernetesClient client;
  private final Clock clock;

  public PolicyEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** An Event to write: Normal or Warning, a CamelCase reason, a sentence. */
  record Change(String type, String reason, String message) {}

  /** The transitions between two statuses of one policy (previous may be null). */
  static List<Change> changes(PolicyStatus previous, PolicyStatus current) {
    List<Change> out = new ArrayList<>();
    for (Condition now : current.getConditions() == null ? List.<Condition>of() : current.getConditions()) {
      Condition before = previous == null ? null : previous.condition(now.getType()).orElse(null);
      if (before != null && Objects.equals(before.getStatus(), now.getStatus())
          && Objects.equals(before.getReason(), now.getReason())) {
        continue;
      }
      if (before == null && "True".equals(now.getStatus())) {
        continue;  // a new policy being accepted is not news; its problems are
      }
      out.add(new Change("False".equals(now.getStatus()) ? "Warning" : "Normal", now.getReason(),
          now.getType() + "=" + now.getStatus() + ": " + now.getMessage()));
    }
    String was = previous == null ? null : previous.getState();
    String is = current.getState();
    if (is != null && !is.isEmpty() && !Objects.equals(was, is) && !(was == null && "Closed".equals(is))) {
      out.add(new Change(WARNING_STATES.contains(is) ? "Warning" : "Normal", "State" + is,
          "state " + (was == null || was.isEmpty() ? "(none)" : was) + " -> " + is));
    }
    return out;
  }

  void record(PolicyKey key, String uid, PolicyStatus previous, PolicyStatus current) {
    for (Change change : changes(previous, current)) {
      try {
        String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
        ObjectMeta meta = new ObjectMeta();
        meta.setName(key.name() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE));
        meta.setNamespace(key.namespace());
        client.v1().events().inNamespace(key.namespace()).resource(new EventBuilder()
            .withMetadata(meta)
            .withNewInvolvedObject()
              .withApiVersion(ApiGroup.API_VERSION).withKind(key.kind())
              .withNamespace(key.namespace()).withName(key.name()).withUid(uid)
            .endInvolvedObject()
            .withType(change.type()).withReason(change.reason()).withMessage(change.message())
            .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
            .withNewSource().withComponent(COMPONENT).endSource()
            .withReportingComponent(COMPONENT)
            .build()).create();
      } catch (KubernetesClientException e) {
        LOG.debug("event {} for {} not written: {}", change.reason(), key, e.getMessage());
      }
    }
  }
}
