package dev.breakwater.operator.replicas;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.Locale;
import java.util.Map;

/**
 * Where replicas put their reports: one ConfigMap per replica in the Lease's namespace, labelled
 * with the Lease name so two installations in one namespace do not read each other's. With the
 * pod's name and uid known, the pod owns its report and garbage collection removes it with the
 * pod.
 *
 * @param group the Lease name
 * @param podName the pod's name (HOSTNAME in a pod), null outside a pod
 * @param podUid the pod's uid (downward API), null when unknown
 */
public record ReportObjects(String namespace, String group, String podName, String podUid) {

  public static final String LABEL = "breakwater.dev/replica-report";
  static final String DATA_KEY = "report.json.gz";
  private static final int MAX_NAME = 253;

  /** The report object's name for a replica: the Lease name and the replica's name. */
  public String objectName(String replica) {
    String name = (group + "-" + replica).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    name = name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
    return name.replaceAll("^[^a-z0-9]+|[^a-z0-9]+$", "");
  }

  public Map<String, String> labels() {
    return Map.of(LABEL, group, "app.kubernetes.io/managed-by", "breakwater");
  }

  ConfigMap toConfigMap(String objectName, String encoded) {
    ConfigMapBuilder b = new ConfigMapBuilder().withNewMetadata()
        .withName(objectName).withNamespace(namespace).withLabels(labels()).endMetadata()
        .withBinaryData(Map.of(DATA_KEY, encoded));
    if (podName != null && podUid != null && !podUid.isBlank()) {
      b.editMetadata().withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1")
          .withKind("Pod").withName(podName).withUid(podUid).build()).endMetadata();
    }
    return b.build();
  }

  static String data(ConfigMap map) {
    return map.getBinaryData() == null ? null : map.getBinaryData().get(DATA_KEY);
  }
}
