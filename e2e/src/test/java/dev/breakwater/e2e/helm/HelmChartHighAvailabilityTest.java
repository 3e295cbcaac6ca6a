package dev.breakwater.e2e.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's HA shape as rendered: disruption budgets and soft spreading only when more than
 * one pod can run, the gateway's drain on stop (preStop, Envoy's drain flags, a grace period
 * that outlasts both), its probes, the autoscaler, the stats listener and the pull secrets,
 * priority and extra environment on every pod. Running behaviour is checked on a node by
 * {@code PodDisruptionIT}.
 */
class HelmChartHighAvailabilityTest {
  @TempDir
  Path tmp;

  private List<JsonNode> render(String values) throws IOException {
    return Chart.documents(Chart.render(Files.writeString(tmp.resolve("v.yaml"), values + "\n")));
  }

  @Test
  void singleReplicasGetNoBudgetAndNoSpreading() throws IOException {
    List<JsonNode> docs = render("{}");

    assertThat(Chart.ofKind(docs, "PodDisruptionBudget")).isEmpty();
    assertThat(Chart.ofKind(docs, "HorizontalPodAutoscaler")).isEmpty();
    for (JsonNode deployment : Chart.ofKind(docs, "Deployment")) {
      JsonNode pod = deployment.at("/spec/template/spec");
      assertThat(pod.has("affinity")).isFalse();
      assertThat(pod.has("topologySpreadConstraints")).isFalse();
    }
  }

  @Test
  void replicasGetOneBudgetEachAndSoftSpreadOverNodesAndZones() throws IOException {
    List<JsonNode> docs = render("{replicaCount: 2, gateway: {replicaCount: 3}}");

    for (String component : List.of("operator", "gateway")) {
      String name = component.equals("operator") ? "breakwater" : "breakwater-gateway";
      JsonNode budget = Chart.find(docs, "PodDisruptionBudget", name);
      assertThat(budget.at("/spec/maxUnavailable").asInt()).isEqualTo(1);
      assertThat(budget.has("minAvailable")).isFalse();
      assertThat(budget.at("/spec/selector/matchLabels/app.kubernetes.io~1component").asText())
          .isEqualTo(component);
      JsonNode pod = Chart.find(docs, "Deployment", name).at("/spec/template/spec");
      JsonNode preferred = pod.at("/affinity/podAntiAffinity/"
          + "preferredDuringSchedulingIgnoredDuringExecution/0/podAffinityTerm");
      assertThat(preferred.path("topologyKey").asText()).isEqualTo("kubernetes.io/hostname");
      assertThat(preferred.at("/labelSelector/matchLabels/app.kubernetes.io~1component").asText())
          .isEqualTo(component);
      assertThat(pod.at("/affinity/podAntiAffinity").has(
          "requiredDuringSchedulingIgnoredDuringExecution")).as("never a hard rule").isFalse();
      JsonNode spread = pod.at("/topologySpreadConstraints/0");
      assertThat(spread.path("topologyKey").asText()).isEqualTo("topology.kubernetes.io/zone");
      assertThat(spread.path("whenUnsatisfiable").asText()).isEqualTo("ScheduleAnyway");
    }
  }

  @Test
  void ownAffinityAndSpreadAreUsedAsGivenAndPreferSpreadFalseDropsTheDefaults()
      throws IOException {
    List<JsonNode> docs = render("""
        replicaCount: 2
        operator: {preferSpread: false}
        gateway:
          replicaCount: 2
          affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: edge, operator: Exists}]}]}}}
        """);

    JsonNode operator = Chart.find(docs, "Deployment", "breakwater").at("/spec/template/spec");
    assertThat(operator.has("affinity")).isFalse();
    assertThat(operator.has("topologySpreadConstraints")).isFalse();
    JsonNode gateway = Chart.find(docs, "Deployment", "breakwater-gateway")
        .at("/spec/template/spec");
    assertThat(gateway.path("affinity").fieldNames()).toIterable().containsExactly("nodeAffinity");
    assertThat(gateway.at("/topologySpreadConstraints/0/whenUnsatisfiable").asText())
        .isEqualTo("ScheduleAnyway");
  }

  @Test
  void gatewayDrainsBeforeItStops() throws IOException {
    JsonNode pod = Chart.find(render("{}"), "Deployment", "breakwater-gateway")
        .at("/spec/template/spec");
    JsonNode envoy = pod.at("/containers/0");

    assertThat(strings(envoy.path("args"))).containsSequence("--drain-time-s", "15",
        "--drain-strategy", "immediate");
    List<String> preStop = strings(envoy.at("/lifecycle/preStop/exec/command"));
    assertThat(preStop.subList(0, 2)).containsExactly("bash", "-c");
    assertThat(preStop.get(2)).contains("/dev/tcp/127.0.0.1/9901")
        .contains("POST /drain_listeners?graceful HTTP/1.1").endsWith("sleep 20");
    assertThat(pod.path("terminationGracePeriodSeconds").asInt()).isEqualTo(30);

    JsonNode undrained = Chart.find(render("{gateway: {drain: {enabled: false}}}"), "Deployment",
        "breakwater-gateway").at("/spec/template/spec/containers/0");
    assertThat(undrained.has("lifecycle")).isFalse();
    assertThat(strings(undrained.path("args"))).doesNotContain("--drain-time-s");
  }

  @Test
  void gatewayStartsOnceTheOperatorsXdsPortAcceptsConnections() throws IOException {
    JsonNode pod = Chart.find(render("{}"), "Deployment", "breakwater-gateway")
        .at("/spec/template/spec");

    JsonNode wait = pod.at("/initContainers/0");
    assertThat(wait.path("name").asText()).isEqualTo("wait-for-operator");
    assertThat(wait.path("image").asText()).isEqualTo(pod.at("/containers/0/image").asText());
    assertThat(strings(wait.path("command"))).containsExactly("bash", "-c",
        "until (exec 3<>/dev/tcp/breakwater.breakwater-system.svc.cluster.local/18000)"
            + " 2>/dev/null; do sleep 1; done");
    assertThat(wait.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(Chart.find(render("{gateway: {waitForOperator: false}}"), "Deployment",
        "breakwater-gateway").at("/spec/template/spec").has("initContainers")).isFalse();
  }

  @Test
  void gatewayProbesLiveOnItsStatsListener() throws IOException {
    JsonNode envoy = Chart.find(render("{}"), "Deployment", "breakwater-gateway")
        .at("/spec/template/spec/containers/0");

    for (String probe : List.of("startupProbe", "livenessProbe")) {
      assertThat(envoy.at("/" + probe + "/httpGet/path").asText()).isEqualTo("/live");
      assertThat(envoy.at("/" + probe + "/httpGet/port").asText()).isEqualTo("stats");
    }
    assertThat(envoy.at("/readinessProbe/tcpSocket/port").asText()).isEqualTo("http");
  }

  @Test
  void statsListenerForwardsOnlyPrometheusStatsToTheLoopbackAdmin() throws IOException {
    List<JsonNode> docs = render("{gateway: {stats: {port: 9500, podMonitor: {enabled: true}}}}");
    JsonNode bootstrap = Chart.documents(Chart.gatewayBootstrap(docs, "breakwater")).get(0);

    JsonNode listener = bootstrap.at("/static_resources/listeners/0");
    assertThat(listener.path("name").asText()).isEqualTo("breakwater_stats");
    assertThat(listener.at("/address/socket_address/port_value").asInt()).isEqualTo(9500);
    JsonNode routes = listener.at("/filter_chains/0/filters/0/typed_config/route_config"
        + "/virtual_hosts/0/routes");
    assertThat(routes.at("/0/match/path").asText()).isEqualTo("/stats/prometheus");
    assertThat(routes.at("/0/match/headers/0/string_match/exact").asText()).isEqualTo("GET");
    assertThat(routes.at("/0/route/cluster").asText()).isEqualTo("breakwater_admin");
    assertThat(routes.at("/1/direct_response/status").asInt()).isEqualTo(200);
    assertThat(routes.at("/2/direct_response/status").asInt()).as("everything else").isEqualTo(404);
    List<String> clusters = new ArrayList<>();
    bootstrap.at("/static_resources/clusters").forEach(c -> clusters.add(c.path("name").asText()));
    assertThat(clusters).containsExactly("breakwater_admin", "breakwater_xds");
    assertThat(bootstrap.at("/static_resources/clusters/0/load_assignment/endpoints/0"
        + "/lb_endpoints/0/endpoint/address/socket_address").toString())
        .isEqualTo("{\"address\":\"127.0.0.1\",\"port_value\":9901}");
    assertThat(bootstrap.at("/admin/address/socket_address/address").asText())
        .isEqualTo("127.0.0.1");

    JsonNode monitor = Chart.find(docs, "PodMonitor", "breakwater-gateway");
    assertThat(monitor.at("/spec/podMetricsEndpoints/0/port").asText()).isEqualTo("stats");
    assertThat(monitor.at("/spec/podMetricsEndpoints/0/path").asText())
        .isEqualTo("/stats/prometheus");
  }

  @Test
  void autoscalingReplacesTheReplicaCountAndKeepsABudget() throws IOException {
    List<JsonNode> docs = render("""
        gateway:
          autoscaling: {enabled: true, minReplicas: 2, maxReplicas: 5, targetMemoryUtilizationPercentage: 80}
        """);

    JsonNode hpa = Chart.find(docs, "HorizontalPodAutoscaler", "breakwater-gateway");
    assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo("breakwater-gateway");
    assertThat(hpa.at("/spec/minReplicas").asInt()).isEqualTo(2);
    assertThat(hpa.at("/spec/maxReplicas").asInt()).isEqualTo(5);
    List<String> targets = new ArrayList<>();
    hpa.at("/spec/metrics").forEach(m -> targets.add(m.at("/resource/name").asText() + "="
        + m.at("/resource/target/averageUtilization").asInt()));
    assertThat(targets).containsExactly("cpu=70", "memory=80");
    JsonNode deployment = Chart.find(docs, "Deployment", "breakwater-gateway");
    assertThat(deployment.at("/spec").has("replicas")).isFalse();
    assertThat(Chart.find(docs, "PodDisruptionBudget", "breakwater-gateway")).isNotNull();
    assertThat(deployment.at("/spec/template/spec/affinity").isMissingNode()).isFalse();
  }

  @Test
  void everyDeploymentGetsPullSecretsAndTheGatewayItsPriorityEnvAndAnnotations() {
    List<JsonNode> docs = Chart.documents(Chart.render(Chart.values("values-full.yaml")));

    List<JsonNode> pods = new ArrayList<>();
    Chart.ofKind(docs, "Deployment").forEach(d -> pods.add(d.at("/spec/template/spec")));
    // gateway, operator, rate limit service, trial Redis; the helm test Pod (a hook, which helm
    // template leaves out): HelmInstallIT
    assertThat(pods).hasSize(4).allSatisfy(pod ->
        assertThat(pod.at("/imagePullSecrets/0/name").asText()).isEqualTo("registry-credentials"));
    JsonNode gateway = Chart.find(docs, "Deployment", "breakwater-gateway").at("/spec/template");
    assertThat(gateway.at("/spec/priorityClassName").asText()).isEqualTo("edge-critical");
    assertThat(gateway.at("/spec/containers/0/env").toString())
        .contains("{\"name\":\"TZ\",\"value\":\"UTC\"}");
    assertThat(gateway.at("/metadata/annotations/example.com~1owner").asText()).isEqualTo("edge");
    assertThat(Chart.find(docs, "PodDisruptionBudget", "breakwater-gateway")
        .at("/spec/maxUnavailable").asText()).isEqualTo("33%");
    assertThat(Chart.find(docs, "PodDisruptionBudget", "breakwater").at("/spec/minAvailable")
        .asInt()).isEqualTo(1);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }
}
