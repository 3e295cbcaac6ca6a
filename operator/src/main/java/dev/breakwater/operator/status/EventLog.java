package dev.breakwater.operator.status;

import dev.breakwater.operator.state.PolicyKey;
import dev.breakwater.xds.model.ApiGroup;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a policy's Events aggregated as kubectl shows them ("x4 over 10m"): one Event object per
 * policy, type and reason, whose {@code count} and {@code lastTimestamp} grow and whose message is
 * the latest, instead of a new object each time. The name is derived from those, so a restarted
 * operator continues the same Event. Best effort: a failure is logged, never retried.
 */
public final class EventLog implements PolicyEvents.EventSink {

  private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);
  private static final String COMPONENT = "breakwater";
  private static final int MAX_NAME = 253;
  private static final int DIGEST_CHARS = 16;

  private final KubernetesClient client;
  private final Clock clock;

  public EventLog(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  @Override
  public void write(PolicyKey key, String uid, PolicyEvents.Change change) {
    String name = name(key, uid, change);
    String now = DateTimeFormatter.ISO_INSTANT.format(
        clock.instant().truncatedTo(ChronoUnit.SECONDS));
    try {
      var events = client.v1().events().inNamespace(key.namespace());
      Event existing = events.withName(name).get();
      if (existing == null) {
        events.resource(new EventBuilder()
            .withNewMetadata().withName(name).withNamespace(key.namespace()).endMetadata()
            .withNewInvolvedObject()
              .withApiVersion(ApiGroup.API_VERSION).withKind(key.kind())
              .withNamespace(key.namespace()).withName(key.name()).withUid(uid)
            .endInvolvedObject()
            .withType(change.type()).withReason(change.reason()).withMessage(change.message())
            .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
            .withNewSource().withComponent(COMPONENT).endSource()
            .withReportingComponent(COMPONENT)
            .build()).create();
      } else {
        int count = existing.getCount() == null ? 1 : existing.getCount();
        events.withName(name).edit(e -> new EventBuilder(e).withCount(count + 1)
            .withLastTimestamp(now).withMessage(change.message()).build());
      }
    } catch (KubernetesClientException e) {
      LOG.debug("event {} for {} not written: {}", change.reason(), key, e.getMessage());
    }
  }

  /** {@code <policy name>.<digest of kind, uid, type and reason>}, at most 253 characters. */
  static String name(PolicyKey key, String uid, PolicyEvents.Change change) {
    String digest = sha256(key.kind() + "/" + uid + "/" + change.type() + "/" + change.reason())
        .substring(0, DIGEST_CHARS);
    String prefix = key.name();
    int room = MAX_NAME - DIGEST_CHARS - 1;
    return (prefix.length() > room ? prefix.substring(0, room) : prefix) + "." + digest;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
