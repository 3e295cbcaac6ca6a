package dev.breakwater.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breakwater.operator.BreakwaterOperator;
import dev.breakwater.operator.OperatorConfig;
import dev.breakwater.operator.state.PolicyKey;
import dev.breakwater.operator.status.EventLog;
import dev.breakwater.operator.status.PolicyEvents;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Events and /metrics of the operator against a real kube-apiserver (no Envoy): a policy no
 * proxy runs gets one Normal {@code NoProxies} Event only after the 30 s it must last, and no
 * Warning; repeated Events are one object whose count grows; JOSDK's meters are per controller
 * (no series names a policy) and a deleted policy's series go with it. Events are written with
 * no more than the chart grants on them (create, patch).
 */
class EventsAndMetricsOnRealApiServerTest {

  private static final String NS = "events";

  private static RealApiServer api;
  private static KubernetesClient client;
  private static BreakwaterOperator operator;

  @BeforeAll
  static void start() {
    api = RealApiServer.start();
    client = api.client();
    client.resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    // every policy here targets it, so each is Accepted (a missing target is a Warning at once)
    client.resource(new ServiceBuilder().withNewMetadata().withName("payments").withNamespace(NS)
        .endMetadata().withNewSpec().addNewPort().withPort(8080).endPort().endSpec().build())
        .create();
    operator = BreakwaterOperator.start(OperatorConfig.forTests()
        .withNamespaces(Set.of(NS)).withCoalesceWindow(Duration.ofMillis(50)), client);
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  void aPolicyNoProxyRunsGetsOneNormalEventOnlyOnceThatLasted() {
    Instant created = Instant.parse(client.resource(policy("payments")).create().getMetadata()
        .getCreationTimestamp());

    await("a NoProxies Event").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
        .until(() -> !eventsOf("payments").isEmpty());
    List<Event> events = eventsOf("payments");
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.getType()).isEqualTo("Normal");
      assertThat(e.getReason()).isEqualTo("NoProxies");
      assertThat(e.getCount()).isEqualTo(1);
      assertThat(Duration.between(created, Instant.parse(e.getFirstTimestamp())))
          .isGreaterThanOrEqualTo(Duration.ofSeconds(30));
    });
  }

  @Test
  void repeatedEventsAreOneObjectWithACount() {
    var cbp = client.resource(policy("repeats")).create();
    PolicyKey key = new PolicyKey("CircuitBreakerPolicy", NS, "repeats");
    // with only what the chart grants on Events: create and patch, no get
    EventLog log = new EventLog(eventWriter(), Clock.systemUTC());
    String uid = cbp.getMetadata().getUid();
    for (int i = 1; i <= 3; i++) {
      log.write(key, uid, new PolicyEvents.Change("Warning", "Rejected", "rejected " + i));
    }
    log.write(key, uid, new PolicyEvents.Change("Normal", "Programmed", "back"));

    // (it is also Conflicted with the older policy on the port: a Warning of its own)
    List<Event> events = eventsOf("repeats").stream()
        .filter(e -> Set.of("Rejected", "Programmed").contains(e.getReason())).toList();
    assertThat(events).hasSize(2);
    Event rejected = events.stream().filter(e -> e.getReason().equals("Rejected")).findFirst()
        .orElseThrow();
    assertThat(rejected.getCount()).isEqualTo(3);
    assertThat(rejected.getMessage()).isEqualTo("rejected 3");
    assertThat(rejected.getInvolvedObject().getUid()).isEqualTo(uid);
  }

  @Test
  void josdkMetersArePerControllerAndADeletedPolicysSeriesGo() throws Exception {
    List<String> names = List.of("m-1", "m-2", "m-3");
    for (String name : names) {
      client.resource(policy(name)).create();
    }
    await("series of the three policies").atMost(Duration.ofSeconds(30)).until(() ->
        names.stream().allMatch(n -> metrics().contains("name=\"" + n + "\",policy_namespace")));
    String metrics = metrics();
    List<String> josdk = metrics.lines().filter(l -> l.startsWith("operator_sdk_")).toList();
    assertThat(josdk).isNotEmpty().noneMatch(l -> l.contains("m-1") || l.contains("m-2"));
    assertThat(metrics).doesNotContainPattern("(?m)^[a-z_]+_max[{ ]");
    assertThat(metrics).contains("breakwater_xds_nacks_total{type=\"CLUSTER\"} 0.0");

    client.resource(policy("m-1")).delete();
    await("the deleted policy's series are gone").atMost(Duration.ofSeconds(30))
        .until(() -> !metrics().contains("name=\"m-1\""));
    assertThat(seriesCount(metrics(), "name=\"m-2\"")).isEqualTo(seriesCount(metrics,
        "name=\"m-2\""));
  }

  /** A client of a ServiceAccount that may only create and patch Events in the namespace. */
  private static KubernetesClient eventWriter() {
    client.resource(new ServiceAccountBuilder().withNewMetadata().withName("event-writer")
        .withNamespace(NS).endMetadata().build()).create();
    client.resource(new RoleBuilder().withNewMetadata().withName("event-writer")
        .withNamespace(NS).endMetadata().addNewRule().withApiGroups("").withResources("events")
        .withVerbs("create", "patch").endRule().build()).create();
    client.resource(new RoleBindingBuilder().withNewMetadata().withName("event-writer")
        .withNamespace(NS).endMetadata().withNewRoleRef().withApiGroup(
            "rbac.authorization.k8s.io").withKind("Role").withName("event-writer").endRoleRef()
        .addNewSubject().withKind("ServiceAccount").withName("event-writer").withNamespace(NS)
        .endSubject().build()).create();
    String token = client.serviceAccounts().inNamespace(NS).withName("event-writer")
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L)
            .endSpec().build()).getStatus().getToken();
    Config admin = client.getConfiguration();
    KubernetesClient writer = new KubernetesClientBuilder().withConfig(new ConfigBuilder(
        Config.empty()).withMasterUrl(admin.getMasterUrl()).withCaCertData(admin.getCaCertData())
        .withCaCertFile(admin.getCaCertFile()).withOauthToken(token).build()).build();
    assertThat(writer.authorization().v1().selfSubjectAccessReview().create(
        new SelfSubjectAccessReviewBuilder().withNewSpec().withNewResourceAttributes()
            .withNamespace(NS).withResource("events").withVerb("get").endResourceAttributes()
            .endSpec().build()).getStatus().getAllowed()).as("may not get events").isFalse();
    return writer;
  }

  private static long seriesCount(String metrics, String label) {
    return metrics.lines().filter(l -> !l.startsWith("#") && l.contains(label)).count();
  }

  private static List<Event> eventsOf(String policy) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> policy.equals(e.getInvolvedObject().getName())).toList();
  }

  private static dev.breakwater.crds.v1alpha1.CircuitBreakerPolicy policy(String name) {
    return client.getKubernetesSerialization().unmarshal("""
        apiVersion: resilience.breakwater.dev/v1alpha1
        kind: CircuitBreakerPolicy
        metadata: {name: %s, namespace: %s}
        spec:
          targetRef: {kind: Service, name: payments, port: 8080}
          failureThreshold: 5
        """.formatted(name, NS), dev.breakwater.crds.v1alpha1.CircuitBreakerPolicy.class);
  }

  private static String metrics() {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + operator.httpPort() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
