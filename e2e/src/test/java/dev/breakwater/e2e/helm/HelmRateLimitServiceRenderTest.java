package dev.breakwater.e2e.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The global rate limit service as the chart renders it: its own Deployment without Kubernetes
 * API access, a headless Service the operator points the Envoys at, a PodDisruptionBudget, a
 * NetworkPolicy letting only the gateway call it, Redis settings, and the trial Redis marked as
 * not for production.
 */
class HelmRateLimitServiceRenderTest {
  private static final String NAME = Chart.RELEASE + "-ratelimit";
  private static final String ADDRESS =
      NAME + "." + Chart.NAMESPACE + ".svc.cluster.local:8081";

  @TempDir
  Path tmp;

  private List<JsonNode> render(String values) throws IOException {
    return Chart.documents(Chart.render(Files.writeString(tmp.resolve("v.yaml"), values)));
  }

  @Test
  void offByDefaultAndTheOperatorIsNotToldOfIt() {
    List<JsonNode> docs = Chart.documents(Chart.render());
    assertThat(docs).noneMatch(d -> d.at("/metadata/name").asText().contains("ratelimit"));
    assertThat(strings(operatorContainer(docs).path("args")))
        .noneMatch(a -> a.startsWith("--ratelimit"));
  }

  @Test
  void theServiceRunsWithoutAnyKubernetesAccessOnTwoReplicasSpreadOverNodes() throws IOException {
    List<JsonNode> docs = render("""
        rateLimitService:
          enabled: true
          redis: {addresses: ["redis-0.data:6379", "redis-1.data:6379"], cluster: true, tls: true,
                  passwordSecret: {name: redis-auth, key: pw}}
        """);
    JsonNode deployment = Chart.find(docs, "Deployment", NAME);
    JsonNode pod = deployment.at("/spec/template/spec");
    JsonNode container = pod.at("/containers/0");

    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).isFalse();
    // the namespace's default ServiceAccount, no token: nothing to bind a Role to
    assertThat(pod.has("serviceAccountName")).isFalse();
    assertThat(strings(container.path("args"))).containsExactly("ratelimit", "--grpc-port=8081",
        "--http-port=8080", "--store-timeout-ms=50");
    assertThat(env(container, "BREAKWATER_REDIS_ADDRESSES")).isEqualTo(
        "redis-0.data:6379,redis-1.data:6379");
    assertThat(env(container, "BREAKWATER_REDIS_CLUSTER")).isEqualTo("true");
    assertThat(env(container, "BREAKWATER_REDIS_TLS")).isEqualTo("true");
    assertThat(envVar(container, "BREAKWATER_REDIS_PASSWORD").at("/valueFrom/secretKeyRef")
        .toString()).isEqualTo("{\"name\":\"redis-auth\",\"key\":\"pw\"}");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.at("/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution"
        + "/0/podAffinityTerm/topologyKey").asText()).isEqualTo("kubernetes.io/hostname");
    assertThat(deployment.at("/spec/template/metadata/annotations/prometheus.io~1port").asText())
        .isEqualTo("8080");

    JsonNode service = Chart.find(docs, "Service", NAME);
    assertThat(service.at("/spec/clusterIP").asText()).as("headless: one address per replica")
        .isEqualTo("None");
    assertThat(strings(operatorContainer(docs).path("args"))).contains(
        "--ratelimit-service=" + ADDRESS, "--ratelimit-timeout-ms=100");
    assertThat(Chart.find(docs, "PodDisruptionBudget", NAME).at("/spec/maxUnavailable").asInt())
        .isEqualTo(1);
  }

  @Test
  void onlyTheGatewaysPodsMayCallTheGrpcPort() throws IOException {
    List<JsonNode> docs = render("""
        rateLimitService:
          enabled: true
          redis: {addresses: ["redis:6379"]}
        """);
    JsonNode policy = Chart.find(docs, "NetworkPolicy", NAME).path("spec");
    JsonNode grpc = policy.at("/ingress/0");
    assertThat(grpc.at("/ports/0/port").asText()).isEqualTo("grpc");
    assertThat(grpc.path("from")).hasSize(1);
    assertThat(grpc.at("/from/0/podSelector/matchLabels/app.kubernetes.io~1component").asText())
        .isEqualTo("gateway");
    JsonNode http = policy.at("/ingress/1");
    assertThat(http.at("/ports/0/port").asText()).isEqualTo("http");
    assertThat(http.has("from")).as("probes and scrapes from anywhere by default").isFalse();
    assertThat(policy.at("/podSelector/matchLabels/app.kubernetes.io~1component").asText())
        .isEqualTo("ratelimit");
  }

  @Test
  void theTrialRedisIsMarkedNotForProductionAndOnlyTheServiceReachesIt() throws IOException {
    List<JsonNode> docs = render("""
        rateLimitService:
          enabled: true
          replicaCount: 1
          trialRedis: {enabled: true}
        """);
    String trial = Chart.RELEASE + "-redis-trial";
    JsonNode redis = Chart.find(docs, "Deployment", trial);
    assertThat(redis.at("/metadata/labels/breakwater.dev~1not-for-production").asText())
        .isEqualTo("true");
    assertThat(redis.at("/metadata/annotations/breakwater.dev~1warning").asText())
        .contains("Not for production");
    assertThat(redis.at("/spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem")
        .asBoolean()).isTrue();
    assertThat(env(Chart.find(docs, "Deployment", NAME).at("/spec/template/spec/containers/0"),
        "BREAKWATER_REDIS_ADDRESSES"))
        .isEqualTo(trial + "." + Chart.NAMESPACE + ".svc.cluster.local:6379");
    JsonNode only = Chart.find(docs, "NetworkPolicy", trial)
        .at("/spec/ingress/0/from/0/podSelector/matchLabels/app.kubernetes.io~1component");
    assertThat(only.asText()).isEqualTo("ratelimit");
    assertThat(Chart.ofKind(docs, "PodDisruptionBudget")).as("one replica: nothing to keep")
        .isEmpty();
  }

  @Test
  void enabledWithoutARedisFailsNamingTheValues() {
    assertThatThrownBy(() -> render("rateLimitService: {enabled: true}\n"))
        .hasMessageContaining("rateLimitService.redis.addresses");
  }

  private static JsonNode operatorContainer(List<JsonNode> docs) {
    return Chart.find(docs, "Deployment", Chart.RELEASE).at("/spec/template/spec/containers/0");
  }

  private static JsonNode envVar(JsonNode container, String name) {
    for (JsonNode e : container.path("env")) {
      if (name.equals(e.path("name").asText())) {
        return e;
      }
    }
    throw new AssertionError("no env " + name + " in " + container.path("env"));
  }

  private static String env(JsonNode container, String name) {
    return envVar(container, name).path("value").asText();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }
}
