package dev.breakwater.e2e.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakwater.e2e.FreePorts;
import dev.breakwater.e2e.Kube;
import dev.breakwater.e2e.KubeApiServerExtension;
import dev.breakwater.e2e.AppliedPolicy;
import dev.breakwater.e2e.TestBed;
import dev.breakwater.operator.kinds.circuitbreaker.BreakerLiveState;
import dev.breakwater.operator.kinds.healthcheck.HealthLiveState;
import dev.breakwater.operator.kinds.ratelimit.RateLimitLiveState;
import dev.breakwater.operator.kinds.retry.RetryLiveState;
import dev.breakwater.operator.kinds.timeout.TimeoutLiveState;
import dev.breakwater.operator.metrics.PolicyMeters;
import dev.breakwater.operator.replicas.ReportObjects;
import dev.breakwater.operator.state.PolicyKey;
import dev.breakwater.xds.policies.circuitbreaker.CircuitBreakerPolicyKind;
import dev.breakwater.xds.policies.healthcheck.HealthCheckKind;
import dev.breakwater.xds.policies.ratelimit.RateLimitPolicyKind;
import dev.breakwater.xds.policies.retry.RetryPolicyKind;
import dev.breakwater.xds.policies.timeout.TimeoutPolicyKind;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chart installed with {@code watchNamespaces} and two replicas into the suite's real
 * kube-apiserver: RBAC only in the listed namespaces plus one Lease, checked first with
 * {@code kubectl auth can-i --as} the ServiceAccount and then by running the operator itself on
 * exactly those grants (its runnable jar, the installed Deployment's arguments, a token of the
 * ServiceAccount): what the chart forgot to grant fails here as it would in the pod.
 */
@ExtendWith(KubeApiServerExtension.class)
class HelmLeaderElectionIT {
  private static KubernetesClient client;
  private static Kubectl kubectl;

  @BeforeAll
  static void connect(KubernetesClient shared) {
    client = shared;
    kubectl = new Kubectl(KubeConfigFile.write(client,
        TestBed.workDir("helm").resolve("kubeconfig-leader-election")));
  }

  @Test
  void watchNamespacesInstallGrantsOnlyThoseNamespacesAndOneLease() throws Exception {
    String ns = Kube.createNamespace(client, "helm-ns");
    String teamA = Kube.createNamespace(client, "team-a");
    String teamB = Kube.createNamespace(client, "team-b");
    String elsewhere = Kube.createNamespace(client, "elsewhere");
    String release = "breakwater-ns";
    Path values = Files.writeString(TestBed.workDir("helm").resolve("values-ns.yaml"), """
        replicaCount: 2
        operator:
          watchNamespaces: [%s, %s]
        """.formatted(teamA, teamB));

    Chart.helm().install().withName(release).withNamespace(ns)
        .withValuesFile(Chart.imageValues()).withValuesFile(values)
        .withKubeConfig(kubectl.kubeconfig()).call();

    assertThat(client.rbac().clusterRoles().withName(release).get()).isNull();
    Deployment operator = client.apps().deployments().inNamespace(ns).withName(release).get();
    assertThat(operator.getSpec().getReplicas()).isEqualTo(2);
    assertThat(operator.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .contains("--namespaces=" + teamA + "," + teamB, "--leader-election",
            "--lease-name=" + release, "--lease-namespace=$(POD_NAMESPACE)");

    String sa = "system:serviceaccount:" + ns + ":" + release;
    for (String watched : List.of(teamA, teamB)) {
      assertThat(kubectl.canI(sa, "list", "services", watched, null)).isTrue();
      assertThat(kubectl.canI(sa, "watch", "healthchecks.resilience.breakwater.dev", watched,
          null)).isTrue();
      assertThat(kubectl.canI(sa, "patch", "deployments.apps", watched, null)).isTrue();
    }
    assertThat(kubectl.canI(sa, "list", "services", elsewhere, null)).isFalse();
    assertThat(kubectl.canI(sa, "list", "services", null, null)).as("cluster-wide").isFalse();
    assertThat(kubectl.canI(sa, "get", "secrets", teamA, null)).isFalse();
    assertThat(kubectl.canI(sa, "create", "leases.coordination.k8s.io", ns, null)).isTrue();
    assertThat(kubectl.canI(sa, "update", "leases.coordination.k8s.io/" + release, ns, null))
        .isTrue();
    assertThat(kubectl.canI(sa, "update", "leases.coordination.k8s.io/someone-else", ns, null))
        .isFalse();
    assertThat(kubectl.canI(sa, "create", "leases.coordination.k8s.io", teamA, null)).isFalse();
    // replica reports: ConfigMaps in the release namespace only
    assertThat(kubectl.canI(sa, "patch", "configmaps", ns, null)).isTrue();
    assertThat(kubectl.canI(sa, "watch", "configmaps", ns, null)).isTrue();
    assertThat(kubectl.canI(sa, "get", "configmaps", ns, null)).isFalse();
    assertThat(kubectl.canI(sa, "patch", "configmaps", teamA, null)).isFalse();

    operatorRunsOnTheseGrants(ns, release, teamA, teamB);
  }

  /**
   * The operator itself, two replicas: the runnable jar started twice with the installed
   * Deployment's own arguments, authenticated with a token of the chart's ServiceAccount (as in
   * its pod). Both are ready (both serve xDS); one wins the Lease, syncs its informers, writes
   * status in a watched namespace and exports every series the chart's alerts and dashboard
   * query; the other writes its proxy report for the leader.
   */
  private static void operatorRunsOnTheseGrants(String ns, String release, String teamA,
      String teamB) throws Exception {
    Kube.createService(client, teamA, "web", 80);
    Kube.apply(client, teamA, POLICIES_ON_WEB);
    Path workDir = TestBed.workDir("helm");
    Path saKubeconfig = KubeConfigFile.writeForServiceAccount(client, ns, release,
        workDir.resolve("kubeconfig-" + release));
    // A private copy: a concurrent build of the operator module must not swap the jar under us.
    Path jar = Files.copy(operatorJar(), workDir.resolve("breakwater-operator.jar"),
        StandardCopyOption.REPLACE_EXISTING);
    Path log = workDir.resolve("operator-" + release + ".log");
    Path standbyLog = workDir.resolve("operator-" + release + "-standby.log");

    try (OperatorProcess operator = replica(jar, saKubeconfig, ns, release, release + "-0", log)) {
      await("operator /readyz 200 as " + release).atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500)).until(() -> operator.status("/readyz") == 200);
      assertThat(client.leases().inNamespace(ns).withName(release).get().getSpec()
          .getHolderIdentity()).startsWith(release + "-0-");
      try (OperatorProcess standby = replica(jar, saKubeconfig, ns, release, release + "-1",
          standbyLog)) {
        await("standby /readyz 200: it serves xDS too").atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(500)).until(() -> standby.status("/readyz") == 200);
        await("the standby's report, written on the ServiceAccount's grants")
            .atMost(Duration.ofSeconds(20)).until(() -> !reports(ns, release).isEmpty());
      }
      await("the stopped standby removed its report").atMost(Duration.ofSeconds(20))
          .until(() -> reports(ns, release).isEmpty());
      assertThat(Files.readString(standbyLog)).doesNotContain("forbidden");
      for (String kind : List.of(AppliedPolicy.CIRCUIT_BREAKER, AppliedPolicy.RATE_LIMIT, AppliedPolicy.HEALTH_CHECK)) {
        AppliedPolicy policy = new AppliedPolicy(client, teamA, kind, "web");
        await(kind + " status written by the ServiceAccount").atMost(Duration.ofSeconds(30))
            .until(() -> "True".equals(policy.condition("Accepted").path("status").asText()));
      }
      // every counter exists from the start (at 0), the NACK counter included
      // some per-policy series come only in some states (not Ready; once a request is refused,
      // an endpoint ejected...): those names are taken from the operator's meters given them
      Set<String> queried = queriedSeries();
      Set<String> eventful = eventfulSeriesNames();
      await("every series the alerts and dashboard query is exported")
          .atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Set<String> exported = new TreeSet<>(operator.seriesNames());
            exported.addAll(eventful);
            assertThat(exported).containsAll(queried);
          });
      assertThat(Files.readString(log)).doesNotContain("forbidden");
    }
  }

  private static OperatorProcess replica(Path jar, Path kubeconfig, String ns, String release,
      String hostname, Path log) {
    int httpPort = FreePorts.next();
    List<String> command = new ArrayList<>(List.of(javaBin(), "-jar", jar.toString()));
    command.addAll(chartArgs(ns, release, FreePorts.next(), httpPort));
    return OperatorProcess.start(command, Map.of("KUBECONFIG", kubeconfig.toString(),
        "POD_NAMESPACE", ns, "HOSTNAME", hostname), httpPort, log);
  }

  private static List<ConfigMap> reports(String ns, String release) {
    return client.configMaps().inNamespace(ns).withLabel(ReportObjects.LABEL, release).list()
        .getItems();
  }

  /** The installed Deployment's args, with free ports and loopback in place of the pod's. */
  private static List<String> chartArgs(String ns, String deployment, int xdsPort, int httpPort) {
    List<String> args = new ArrayList<>();
    for (String arg : client.apps().deployments().inNamespace(ns).withName(deployment).get()
        .getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()) {
      if (arg.startsWith("--xds-port=")) {
        arg = "--xds-port=" + xdsPort;
      } else if (arg.startsWith("--http-port=")) {
        arg = "--http-port=" + httpPort;
      }
      args.add(arg.replace("$(POD_NAMESPACE)", ns));
    }
    args.add("--bind-address=127.0.0.1");
    return args;
  }

  private static Path operatorJar() {
    Path jar = TestBed.repoRoot().resolve("operator/target/breakwater-operator.jar");
    assertThat(jar).as("the operator's runnable jar (built by the operator module)").exists();
    return jar;
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * The per-policy series PolicyMeters registers only in some states: a policy not Ready, and
   * each kind's policy once its live state is eventful.
   */
  private static Set<String> eventfulSeriesNames() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PolicyMeters meters = new PolicyMeters(registry);
    meters.record(new PolicyKey(CircuitBreakerPolicyKind.NAME, "ns", "cb"), true, true, 1,
        new BreakerLiveState("Open", 1, 1, 1, 1, 1, 1));
    meters.record(new PolicyKey(RateLimitPolicyKind.NAME, "ns", "rl"), true, true, 1,
        new RateLimitLiveState("Limiting", 1, 1, 1L));
    meters.record(new PolicyKey(HealthCheckKind.NAME, "ns", "hc"), true, true, 1,
        new HealthLiveState("Degraded", 1, 1, 2));
    meters.record(new PolicyKey(RetryPolicyKind.NAME, "ns", "rt"), true, true, 1,
        new RetryLiveState("Retrying", 1, 1, 1, 1));
    meters.record(new PolicyKey(TimeoutPolicyKind.NAME, "ns", "to"), true, true, 1,
        new TimeoutLiveState("TimingOut", 1, 1));
    meters.record(new PolicyKey(CircuitBreakerPolicyKind.NAME, "ns", "pending"), true, false, 0,
        null);
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^(breakwater_[a-z0-9_]+)").matcher(registry.scrape());
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** breakwater_* names in the rendered PrometheusRule and Grafana dashboard. */
  private static Set<String> queriedSeries() {
    List<JsonNode> docs = Chart.documents(Chart.render(Chart.values("values-full.yaml")));
    String text = Chart.find(docs, "PrometheusRule", Chart.RELEASE).toString()
        + Chart.find(docs, "ConfigMap", Chart.RELEASE + "-dashboard").toString();
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("breakwater_[a-z0-9_]+").matcher(text);
    while (m.find()) {
      names.add(m.group());
    }
    names.removeIf(n -> n.equals("breakwater_") || n.startsWith("breakwater_rl"));
    return names;
  }

  private static final String POLICIES_ON_WEB = """
      apiVersion: resilience.breakwater.dev/v1alpha1
      kind: CircuitBreakerPolicy
      metadata: {name: web}
      spec:
        targetRef: {kind: Service, name: web, port: 80}
        failureThreshold: 5
      ---
      apiVersion: resilience.breakwater.dev/v1alpha1
      kind: RateLimitPolicy
      metadata: {name: web}
      spec:
        targetRef: {kind: Service, name: web, port: 80}
        limits:
        - {name: all, requests: 100, period: 1s}
      ---
      apiVersion: resilience.breakwater.dev/v1alpha1
      kind: HealthCheck
      metadata: {name: web}
      spec:
        targetRef: {kind: Service, name: web, port: 80}
        http: {path: /health}
        interval: 10s
        timeout: 2s
      """;

}
