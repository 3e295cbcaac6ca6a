package dev.breakwater.e2e.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code helm lint} and {@code helm template} of the real chart through helm-java: golden renders
 * for the default and the fully-enabled values, plus the properties every render must keep
 * (security defaults, least-privilege RBAC, a bootstrap with every placeholder filled).
 */
class HelmChartRenderTest {
  /** The xDS CA's Secrets: created once, read and renewed by name only. */
  private static final String[] XDS_TLS_GRANTS = {
      "/secrets:create",
      "/secrets[breakwater-xds-ca,breakwater-xds-proxy]:get",
      "/secrets[breakwater-xds-ca,breakwater-xds-proxy]:patch",
      "/secrets[breakwater-xds-ca,breakwater-xds-proxy]:update"};
  private static final String FULL_VALUES = "values-full.yaml";

  static Stream<String> valueSets() {
    return Stream.of("default", "full");
  }

  private static String render(String valueSet) {
    return valueSet.equals("full") ? Chart.render(Chart.values(FULL_VALUES)) : Chart.render();
  }

  @Test
  void lintFindsNoWarningOrError() {
    LintResult lint = Chart.helm().lint().strict().call();

    assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }

  @ParameterizedTest
  @MethodSource("valueSets")
  void renderMatchesGolden(String valueSet) {
    Golden.assertMatches(valueSet + ".yaml", render(valueSet));
  }

  @ParameterizedTest
  @MethodSource("valueSets")
  void everyPodRunsLockedDown(String valueSet) {
    List<JsonNode> deployments = Chart.ofKind(Chart.documents(render(valueSet)), "Deployment");
    // operator and gateway; with every part on, the rate limit service and its trial Redis too
    assertThat(deployments).hasSize(valueSet.equals("full") ? 4 : 2);
    for (JsonNode deployment : deployments) {
      JsonNode pod = deployment.at("/spec/template/spec");
      String where = deployment.at("/metadata/name").asText();
      assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as(where).isTrue();
      assertThat(pod.at("/securityContext/runAsUser").asInt()).as(where).isPositive();
      assertThat(pod.at("/securityContext/seccompProfile/type").asText()).as(where)
          .isEqualTo("RuntimeDefault");
      for (JsonNode container : pod.path("containers")) {
        JsonNode sc = container.path("securityContext");
        assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true)).as(where).isFalse();
        assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).as(where).isTrue();
        assertThat(sc.at("/capabilities/drop").toString()).as(where).isEqualTo("[\"ALL\"]");
        assertThat(container.at("/resources/requests/memory").asText()).as(where).isNotEmpty();
        assertThat(container.at("/resources/limits/memory").asText()).as(where).isNotEmpty();
        assertThat(mountPaths(container)).as(where).contains("/tmp");
      }
      assertThat(volumeNames(pod, "emptyDir")).as(where).contains("tmp");
    }
  }

  @Test
  void defaultOperatorProbesPortsAndArgs() {
    List<JsonNode> docs = Chart.documents(Chart.render());
    JsonNode container = operatorContainer(docs);

    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(container.at("/readinessProbe/httpGet/port").asText()).isEqualTo("http");
    assertThat(ports(container)).containsExactly("grpc-xds=18000", "http=8080");
    assertThat(strings(container.path("args"))).containsExactly("run", "--xds-port=18000",
        "--http-port=8080", "--listener-port=10000",
        // the xDS channel's mutual TLS: the operator as its CA, the gateway's identity
        "--xds-ca-secret=breakwater-xds-ca", "--xds-ca-dir=/etc/breakwater/xds-ca",
        "--xds-proxy-secret=breakwater-xds-proxy", "--xds-proxy-identity=breakwater-gateway",
        "--xds-server-names=breakwater.breakwater-system.svc.cluster.local,"
            + "breakwater.breakwater-system.svc,breakwater.breakwater-system,breakwater");
    assertThat(container.path("env").toString())
        .contains("{\"name\":\"BREAKWATER_LOG_LEVEL\",\"value\":\"info\"}");
    assertThat(ports(Chart.find(docs, "Service", Chart.RELEASE).at("/spec")))
        .containsExactly("grpc-xds=18000", "http=8080");
  }

  @Test
  void defaultRbacIsOneClusterRoleWithExactlyTheOperatorsGrants() {
    List<JsonNode> docs = Chart.documents(Chart.render());

    JsonNode role = Chart.find(docs, "ClusterRole", Chart.RELEASE);
    assertThat(OperatorPermissions.grants(role))
        .containsExactlyElementsOf(OperatorPermissions.expectedWatchGrants());
    assertThat(OperatorPermissions.hasWildcard(role)).isFalse();
    assertThat(Chart.ofKind(docs, "Role")).as("with 1 replica only the xDS CA's Role")
        .singleElement().satisfies(r -> assertThat(OperatorPermissions.grants(r))
            .containsExactly(XDS_TLS_GRANTS));
    JsonNode binding = Chart.find(docs, "ClusterRoleBinding", Chart.RELEASE);
    assertThat(binding.at("/subjects/0/name").asText()).isEqualTo(Chart.RELEASE);
    assertThat(binding.at("/subjects/0/namespace").asText()).isEqualTo(Chart.NAMESPACE);
  }

  @Test
  void watchNamespacesGivesRolesOnlyAndReplicasGiveLeaderElection() {
    List<JsonNode> docs = Chart.documents(Chart.render(Chart.values(FULL_VALUES)));

    assertThat(Chart.ofKind(docs, "ClusterRole")).isEmpty();
    assertThat(Chart.ofKind(docs, "ClusterRoleBinding")).isEmpty();
    List<String> roleNamespaces = new ArrayList<>();
    for (JsonNode role : Chart.ofKind(docs, "Role")) {
      String ns = role.at("/metadata/namespace").asText();
      assertThat(OperatorPermissions.hasWildcard(role)).isFalse();
      if (role.at("/metadata/name").asText().endsWith("-xds-tls")) {
        assertThat(ns).isEqualTo(Chart.NAMESPACE);
        assertThat(OperatorPermissions.grants(role)).containsExactly(XDS_TLS_GRANTS);
      } else if (ns.equals(Chart.NAMESPACE)) {
        // the Lease, and the replicas' proxy reports
        assertThat(OperatorPermissions.grants(role)).containsExactly(
            "/configmaps:create",
            "/configmaps:delete",
            "/configmaps:list",
            "/configmaps:patch",
            "/configmaps:watch",
            "coordination.k8s.io/leases:create",
            "coordination.k8s.io/leases[breakwater]:get",
            "coordination.k8s.io/leases[breakwater]:patch",
            "coordination.k8s.io/leases[breakwater]:update");
      } else {
        roleNamespaces.add(ns);
        assertThat(OperatorPermissions.grants(role))
            .containsExactlyElementsOf(OperatorPermissions.expectedWatchGrants());
      }
    }
    assertThat(roleNamespaces).containsExactly("team-a", "team-b");
    assertThat(Chart.ofKind(docs, "RoleBinding")).hasSize(4);

    JsonNode container = operatorContainer(docs);
    assertThat(strings(container.path("args"))).contains("--xds-port=18001", "--http-port=9090",
        "--listener-port=10080", "--namespaces=team-a,team-b", "--leader-election",
        "--lease-name=breakwater", "--lease-namespace=$(POD_NAMESPACE)");
    assertThat(container.path("image").asText()).isEqualTo(
        "registry.example.com/platform/breakwater@sha256:"
            + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    assertThat(ports(container)).containsExactly("grpc-xds=18001", "http=9090");
  }

  @Test
  void withoutProbeManagementTheOperatorCannotTouchDeployments(@TempDir Path tmp)
      throws IOException {
    Path values = Files.writeString(tmp.resolve("v.yaml"), "operator: {manageProbes: false}\n");
    List<JsonNode> docs = Chart.documents(Chart.render(values));

    assertThat(strings(operatorContainer(docs).path("args"))).contains("--no-manage-probes");
    assertThat(OperatorPermissions.grants(Chart.find(docs, "ClusterRole", Chart.RELEASE)))
        .noneMatch(g -> g.startsWith("apps/"))
        .hasSize(OperatorPermissions.expectedWatchGrants().size() - 3);
  }

  @ParameterizedTest
  @MethodSource("valueSets")
  void gatewayBootstrapPointsAtTheOperatorService(String valueSet) {
    List<JsonNode> docs = Chart.documents(render(valueSet));
    String bootstrap = Chart.gatewayBootstrap(docs, Chart.RELEASE);
    int xdsPort = valueSet.equals("full") ? 18001 : 18000;

    assertThat(bootstrap).doesNotContain("__NODE_ID__", "__NODE_CLUSTER__", "__XDS_HOST__",
        "__XDS_PORT__", "__ADMIN_ADDRESS__", "__ADMIN_PORT__");
    assertThat(bootstrap)
        .contains("address: breakwater.breakwater-system.svc.cluster.local")
        .contains("port_value: " + xdsPort)
        .contains("address: 127.0.0.1")
        .contains("port_value: 9901");
    JsonNode gateway = Chart.find(docs, "Deployment", "breakwater-gateway");
    JsonNode envoy = gateway.at("/spec/template/spec/containers/0");
    assertThat(strings(envoy.path("args"))).containsSequence("--service-node", "$(POD_NAME)");
    assertThat(envoy.at("/env/0/valueFrom/fieldRef/fieldPath").asText())
        .isEqualTo("metadata.name");
    assertThat(gateway.at("/spec/template/spec/automountServiceAccountToken").asBoolean(true))
        .isFalse();
    int listenerPort = valueSet.equals("full") ? 10080 : 10000;
    int statsPort = valueSet.equals("full") ? 9100 : 9902;
    assertThat(ports(envoy)).containsExactly("http=" + listenerPort, "stats=" + statsPort);
  }

  @Test
  void monitoringObjectsWhenEnabled() throws Exception {
    List<JsonNode> docs = Chart.documents(Chart.render(Chart.values(FULL_VALUES)));

    JsonNode monitor = Chart.find(docs, "ServiceMonitor", Chart.RELEASE);
    assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("http");
    assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/metrics");
    List<String> alerts = new ArrayList<>();
    List<JsonNode> rules = new ArrayList<>();
    Chart.find(docs, "PrometheusRule", Chart.RELEASE).at("/spec/groups").forEach(g ->
        g.path("rules").forEach(r -> {
          alerts.add(r.path("alert").asText());
          rules.add(r);
        }));
    assertThat(alerts).containsExactly("BreakwaterOperatorDown", "BreakwaterConfigRejected",
        "BreakwaterSnapshotPublishFailing", "BreakwaterReplicaReportsFailing",
        "BreakwaterPolicyNotAccepted", "BreakwaterPolicyNotProgrammed",
        "BreakwaterCircuitBreakerOpen", "BreakwaterEndpointsUnhealthy",
        "BreakwaterRateLimitSaturated", "BreakwaterRateLimitServiceDown",
        "BreakwaterRateLimitStoreUnreachable", "BreakwaterRateLimitStoreErrors");
    // every alert links its own section of the troubleshooting page, and the section exists
    String troubleshooting = Files.readString(dev.breakwater.e2e.TestBed.repoRoot()
        .resolve("docs/troubleshooting.md"));
    for (JsonNode rule : rules) {
      String alert = rule.path("alert").asText();
      assertThat(rule.at("/annotations/runbook_url").asText()).as(alert).isEqualTo(
          "https://github.com/breakwater-dev/breakwater/blob/main/docs/troubleshooting.md#"
              + alert.toLowerCase(java.util.Locale.ROOT));
      assertThat(troubleshooting).as(alert).contains("\n### " + alert + "\n");
      // the operator's own `up` is selected by its namespace; Breakwater's series never are
      assertThat(rule.path("expr").asText().replaceAll("up\\{[^}]*}", "")).as(alert)
          .doesNotContainPattern("[{(, ]namespace[=,)]");
    }
    JsonNode dashboard = new ObjectMapper().readTree(
        Chart.find(docs, "ConfigMap", "breakwater-dashboard").at("/data/breakwater.json")
            .asText());
    assertThat(dashboard.path("uid").asText()).isEqualTo("breakwater-overview");
    List<String> titles = new ArrayList<>();
    dashboard.path("panels").forEach(p -> {
      titles.add(p.path("title").asText());
      assertThat(p.path("description").asText()).as(p.path("title").asText()).isNotBlank();
      p.path("targets").forEach(t -> assertThat(t.path("expr").asText())
          .as(p.path("title").asText()).doesNotContainPattern("[{(, ]namespace[=~,)]"));
    });
    assertThat(titles).contains("Policies not accepted", "Policies not programmed",
        "Circuit breakers in DryRun: endpoints that would open",
        "Circuit breakers: overflow requests/s", "Rate limits: share of requests limited");

    List<JsonNode> defaults = Chart.documents(Chart.render());
    assertThat(Chart.ofKind(defaults, "ServiceMonitor")).isEmpty();
    assertThat(Chart.ofKind(defaults, "PrometheusRule")).isEmpty();
  }

  private static JsonNode operatorContainer(List<JsonNode> docs) {
    return Chart.find(docs, "Deployment", Chart.RELEASE).at("/spec/template/spec/containers/0");
  }

  private static List<String> ports(JsonNode containerOrServiceSpec) {
    List<String> out = new ArrayList<>();
    containerOrServiceSpec.path("ports").forEach(p -> out.add(p.path("name").asText() + "="
        + (p.has("containerPort") ? p.path("containerPort") : p.path("port")).asInt()));
    return out;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  private static Set<String> mountPaths(JsonNode container) {
    Set<String> out = new java.util.TreeSet<>();
    container.path("volumeMounts").forEach(m -> out.add(m.path("mountPath").asText()));
    return out;
  }

  private static Set<String> volumeNames(JsonNode pod, String type) {
    Set<String> out = new java.util.TreeSet<>();
    pod.path("volumes").forEach(v -> {
      if (v.has(type)) {
        out.add(v.path("name").asText());
      }
    });
    return out;
  }
}
