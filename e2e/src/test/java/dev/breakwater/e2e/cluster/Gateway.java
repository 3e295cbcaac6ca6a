package dev.breakwater.e2e.cluster;

import static org.awaitility.Awaitility.await;

import dev.breakwater.e2e.HttpConnection;
import dev.breakwater.e2e.HttpResponse;
import dev.breakwater.e2e.LoadClient;
import dev.breakwater.e2e.LoadGenerator;
import dev.breakwater.e2e.LoadReport;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Traffic through the chart's Envoy gateway pod, reached through its Service (kube-proxy's rules
 * in the node's network namespace, which is the suite's): requests name a backend Service by the
 * {@code Host} header, as NOTES tell users to.
 */
final class Gateway {
  static final String POD_HEADER = "x-pod";
  private final ChartOnNode chart;

  Gateway(ChartOnNode chart) {
    this.chart = chart;
  }

  HttpResponse get(String host, String path) {
    try (HttpConnection c = new HttpConnection(chart.gatewayAddress(), chart.gatewayPort())) {
      return c.get(host, path, Map.of());
    }
  }

  /** Waits until the gateway routes {@code host} to a backend (answers 200). */
  void awaitRouted(String host, String path) {
    await("gateway routes " + host).atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(300)).until(() -> get(host, path).status() == 200);
  }

  LoadGenerator load(String... trackedHeaders) {
    return new LoadGenerator(chart.gatewayAddress(), chart.gatewayPort(), trackedHeaders);
  }

  /** {@code clients} paced clients at {@code rps} each for {@code duration}, x-pod tracked. */
  LoadReport paced(String host, String path, int clients, double rps, Duration duration) {
    List<LoadClient> list = java.util.stream.IntStream.range(0, clients)
        .mapToObj(i -> LoadClient.paced("c" + i, host, path, rps)).toList();
    return load(POD_HEADER).run(list, duration);
  }
}
