package dev.breakwater.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakwater.e2e.HttpConnection;
import dev.breakwater.e2e.HttpResponse;
import io.fabric8.kubernetes.api.model.Pod;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gateway pod's stats listener as Prometheus (and anything else on the pod network) reaches
 * it, on the pod's own address: {@code GET /stats/prometheus} answers Envoy's stats and
 * {@code /live} the probes, while the admin interface's other endpoints are not there
 * ({@code POST /quitquitquit}, {@code /config_dump}: 404) and the admin port itself accepts no
 * connection from outside the pod (it listens on 127.0.0.1).
 */
@ExtendWith(ChartOnNodeExtension.class)
class GatewayStatsIT {
  private static final int STATS_PORT = 9902;
  private static final int ADMIN_PORT = 9901;
  private static InetAddress pod;

  @BeforeAll
  static void gatewayPod(ChartOnNode chart) {
    Pod gateway = chart.client().pods().inNamespace(ChartOnNode.NAMESPACE)
        .withLabel("app.kubernetes.io/component", "gateway").list().getItems().stream()
        .filter(BusyboxBackend::ready).findFirst().orElseThrow();
    pod = BusyboxBackend.address(gateway);
  }

  @Test
  void statsListenerServesPrometheusStatsAndLiveOnly() {
    try (HttpConnection stats = new HttpConnection(pod, STATS_PORT)) {
      HttpResponse prometheus = stats.get("stats", "/stats/prometheus", Map.of());
      assertThat(prometheus.status()).isEqualTo(200);
      assertThat(prometheus.body()).contains("envoy_server_live{} 1")
          .contains("envoy_cluster_upstream_cx_total{envoy_cluster_name=\"breakwater_xds\"}");
      assertThat(stats.get("stats", "/live", Map.of()).status()).isEqualTo(200);
      assertThat(stats.send("POST", "stats", "/quitquitquit", Map.of(), "").status())
          .isEqualTo(404);
      assertThat(stats.get("stats", "/config_dump", Map.of()).status()).isEqualTo(404);
      assertThat(stats.send("POST", "stats", "/stats/prometheus", Map.of(), "").status())
          .isEqualTo(404);
    }
    try (HttpConnection admin = new HttpConnection(pod, ADMIN_PORT)) {
      assertThat(admin.get("admin", "/ready", Map.of()).status())
          .as("the admin port is not reachable on the pod's address")
          .isEqualTo(HttpResponse.IO_ERROR);
    }
  }
}
