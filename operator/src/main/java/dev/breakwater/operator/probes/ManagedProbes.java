package dev.breakwater.operator.probes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Reads from a Deployment's managedFields which probes a field manager owns through server-side
 * apply: what the operator wrote (and may change or remove) as opposed to the workload's own.
 */
public final class ManagedProbes {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  public Set<Slot> owned(Deployment deployment, String fieldManager) {
    Set<Slot> owned = new HashSet<>();
    var entries = deployment.getMetadata().getManagedFields();
    if (entries == null) {
      return owned;
    }
    for (ManagedFieldsEntry entry : entries) {
      if (!fieldManager.equals(entry.getManager()) || !"Apply".equals(entry.getOperation())
          || entry.getFieldsV1() == null) {
        continue;
      }
      JsonNode containers = MAPPER.valueToTree(entry.getFieldsV1().getAdditionalProperties())
          .path("f:spec").path("f:template").path("f:spec").path("f:containers");
      Iterator<Map.Entry<String, JsonNode>> it = containers.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> item = it.next();
        String name = containerName(item.getKey());
        if (name == null) {
          continue;
        }
        for (ProbeKind kind : ProbeKind.values()) {
          if (item.getValue().has("f:" + kind.field())) {
            owned.add(new Slot(name, kind));
          }
        }
      }
    }
    return owned;
  }

  /** {@code k:{"name":"app"}} -> {@code app}. */
  static String containerName(String key) {
    if (!key.startsWith("k:")) {
      return null;
    }
    try {
      JsonNode k = MAPPER.readTree(key.substring(2));
      return k.path("name").isTextual() ? k.path("name").asText() : null;
    } catch (Exception e) {
      return null;
    }
  }
}
