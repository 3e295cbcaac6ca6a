package dev.breakwater.operator.replicas;

import dev.breakwater.operator.debug.ProxyView;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxies other replicas report, read on demand (for {@code GET /debug/proxies}, on any
 * replica, leader or not): one list of the report objects, the ones not renewed within
 * {@link ReplicaReports#STALE} left out as the leader leaves them out.
 */
public final class ReportedProxies {

  private final KubernetesClient client;
  private final ReportObjects objects;
  private final String ownObjectName;
  private final Clock clock;
  private final ReplicaReportCodec codec = new ReplicaReportCodec();

  public ReportedProxies(KubernetesClient client, ReportObjects objects, String ownObjectName,
      Clock clock) {
    this.client = client;
    this.objects = objects;
    this.ownObjectName = ownObjectName;
    this.clock = clock;
  }

  /** @param problems reports that could not be listed or read, one sentence each */
  public record Reported(List<ProxyView> proxies, List<String> problems) {}

  public Reported read() {
    List<ProxyView> views = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<ConfigMap> maps;
    try {
      maps = client.configMaps().inNamespace(objects.namespace())
          .withLabel(ReportObjects.LABEL, objects.group()).list().getItems();
    } catch (KubernetesClientException e) {
      problems.add("the other replicas' reports in namespace " + objects.namespace()
          + " could not be listed: " + e.getMessage());
      return new Reported(views, problems);
    }
    for (ConfigMap map : maps) {
      String name = map.getMetadata().getName();
      if (name.equals(ownObjectName)) {
        continue;
      }
      try {
        String data = ReportObjects.data(map);
        ReplicaReport report = codec.decode(data == null ? "" : data);
        if (clock.millis() - report.renewedAtMillis() <= ReplicaReports.STALE.toMillis()) {
          views.addAll(report.views());
        }
      } catch (IllegalArgumentException e) {
        problems.add("report " + name + " is unreadable: " + e.getMessage());
      }
    }
    return new Reported(views, problems);
  }
}
