package dev.breakwater.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakwater.e2e.HttpResponse;
import dev.breakwater.e2e.Kube;
import dev.breakwater.e2e.LoadReport;
import dev.breakwater.e2e.Manifests;
import dev.breakwater.e2e.AppliedPolicy;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every policy kind changing the fate of requests that go through the chart's Envoy gateway pod,
 * reached through the gateway's Service, to backends that are pods on the node; the operator
 * serving that gateway runs in its own pod on the chart's grants.
 */
@ExtendWith(ChartOnNodeExtension.class)
class GatewayTrafficIT {
  private static KubernetesClient client;
  private static Gateway gateway;
  private static String busybox;

  @BeforeAll
  static void install(ChartOnNode chart) {
    client = chart.client();
    gateway = new Gateway(chart);
    busybox = chart.node().value("BUSYBOX_IMAGE");
  }

  @Test
  void rateLimitPolicyLimitsRequestsThroughTheGateway() {
    String ns = Kube.createNamespace(client, "gw-rl");
    BusyboxBackend api = BusyboxBackend.deploy(client, ns, "api", 1, busybox);
    // a bucket of 5 refilled every 10 minutes: of 8 quick requests exactly the last 3 are limited
    Kube.apply(client, ns, Manifests.rateLimit("api", "api", BusyboxBackend.PORT, """
        limits:
        - {name: burst, requests: 5, period: 10m}
        """));
    AppliedPolicy policy = new AppliedPolicy(client, ns, AppliedPolicy.RATE_LIMIT, "api");
    policy.awaitProgrammed();

    List<HttpResponse> responses = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      responses.add(gateway.get(api.host(), BusyboxBackend.APP));
    }

    assertThat(responses).extracting(HttpResponse::status)
        .containsExactly(200, 200, 200, 200, 200, 429, 429, 429);
    assertThat(responses.get(7).header("x-ratelimit-limit")).startsWith("5");
    assertThat(responses.get(7).header("x-ratelimit-remaining")).isEqualTo("0");
    policy.awaitUntil("limitedRequests 3, allowedRequests 5", Duration.ofSeconds(30),
        p -> p.at("/status/rateLimit/limitedRequests").asLong() == 3
            && p.at("/status/rateLimit/allowedRequests").asLong() == 5);
  }

  @Test
  void circuitBreakerPolicyEjectsTheFailingPod() {
    String ns = Kube.createNamespace(client, "gw-cb");
    BusyboxBackend orders = BusyboxBackend.deploy(client, ns, "orders", 2, busybox);
    Kube.apply(client, ns, Manifests.circuitBreaker("orders", "orders", BusyboxBackend.PORT, """
        failureThreshold: 3
        monitoringPeriod: 1s
        resetTimeout: 60s
        maxOpenEndpointsPercent: 50
        """));
    AppliedPolicy policy = new AppliedPolicy(client, ns, AppliedPolicy.CIRCUIT_BREAKER, "orders");
    policy.awaitProgrammed();
    gateway.awaitRouted(orders.host(), BusyboxBackend.APP);
    Pod failing = orders.readyPods().get(0);
    String healthy = orders.readyPods().get(1).getMetadata().getName();

    orders.control(failing, "fail");
    LoadReport report = gateway.paced(orders.host(), BusyboxBackend.APP, 1, 20,
        Duration.ofSeconds(4));

    assertThat(report.count(500)).as("failures reaching clients before the pod is ejected: "
        + report.statusCounts()).isEqualTo(3);
    assertThat(report.count(200)).isEqualTo(report.total() - 3);
    assertThat(report.headerCounts(Gateway.POD_HEADER, s -> s.status() == 200))
        .containsOnlyKeys(healthy);
    policy.awaitUntil("PartiallyOpen, 1 of 2 endpoints open", Duration.ofSeconds(30),
        p -> "PartiallyOpen".equals(p.at("/status/state").asText())
            && p.at("/status/breaker/openEndpoints").asInt() == 1
            && p.at("/status/breaker/totalEndpoints").asInt() == 2);
  }

  @Test
  void healthCheckTakesAPodFailingItsCheckOutOfTheGateway() {
    String ns = Kube.createNamespace(client, "gw-hc");
    BusyboxBackend search = BusyboxBackend.deploy(client, ns, "search", 2, busybox);
    // Envoy's own active check only: no probes, so the pods stay Ready for Kubernetes
    Kube.apply(client, ns, Manifests.healthCheck("search", "search", BusyboxBackend.PORT, """
        http: {path: /health}
        interval: 1s
        timeout: 500ms
        unhealthyThreshold: 2
        healthyThreshold: 2
        critical: false
        probes: {readiness: false}
        """));
    AppliedPolicy policy = new AppliedPolicy(client, ns, AppliedPolicy.HEALTH_CHECK, "search");
    policy.awaitProgrammed();
    gateway.awaitRouted(search.host(), BusyboxBackend.APP);
    policy.awaitUntil("Healthy 2/2", Duration.ofSeconds(30),
        p -> "Healthy".equals(p.at("/status/state").asText())
            && p.at("/status/endpoints/healthy").asInt() == 2);
    Pod broken = search.readyPods().get(0);
    String healthy = search.readyPods().get(1).getMetadata().getName();

    search.control(broken, "break-health");
    policy.awaitUntil("Degraded, 1 healthy of 2", Duration.ofSeconds(30),
        p -> "Degraded".equals(p.at("/status/state").asText())
            && p.at("/status/endpoints/healthy").asInt() == 1
            && p.at("/status/endpoints/unhealthy").asInt() == 1);
    LoadReport degraded = gateway.paced(search.host(), BusyboxBackend.APP, 2, 10,
        Duration.ofSeconds(3));

    assertThat(degraded.statusCounts()).containsOnlyKeys(200);
    assertThat(degraded.headerCounts(Gateway.POD_HEADER, s -> true)).containsOnlyKeys(healthy);
    assertThat(BusyboxBackend.ready(client.pods().inNamespace(ns)
        .withName(broken.getMetadata().getName()).get()))
        .as("no probe: Kubernetes still counts the pod Ready").isTrue();

    search.control(broken, "fix-health");
    policy.awaitUntil("Healthy 2/2 again", Duration.ofSeconds(30),
        p -> "Healthy".equals(p.at("/status/state").asText())
            && p.at("/status/endpoints/healthy").asInt() == 2);
  }
}
