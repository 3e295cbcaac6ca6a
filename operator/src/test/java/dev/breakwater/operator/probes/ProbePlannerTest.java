package dev.breakwater.operator.probes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakwater.crds.v1alpha1.WorkloadProbeStatus;
import dev.breakwater.operator.state.PolicyKey;
import dev.breakwater.xds.policies.healthcheck.HealthCheckSettings;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.policies.healthcheck.HealthCheckKind;
import dev.breakwater.xds.model.PolicyMeta;
import dev.breakwater.xds.model.PolicyTarget;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProbePlannerTest {

  private final ProbePlanner planner = new ProbePlanner();

  static Service service(String name, Map<String, String> selector, int port, String target) {
    return new ServiceBuilder().withNewMetadata().withName(name).withNamespace("shop")
        .endMetadata().withNewSpec().withSelector(selector).addNewPort().withPort(port)
        .withTargetPort(target == null ? null : new IntOrString(target)).endPort().endSpec()
        .build();
  }

  static Deployment deployment(String name, Map<String, String> labels) {
    return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace("shop")
        .endMetadata().withNewSpec().withNewTemplate().withNewMetadata().withLabels(labels)
        .endMetadata().withNewSpec()
        .addNewContainer().withName("sidecar").withImage("proxy").addNewPort()
        .withContainerPort(15000).endPort().endContainer()
        .addNewContainer().withName("app").withImage("app").addNewPort().withName("http")
        .withContainerPort(8080).endPort().endContainer()
        .endSpec().endTemplate().endSpec().build();
  }

  static Policy healthCheck(String name, Instant created, Integer port,
      HealthCheckSettings.Probes probes) {
    return new Policy(new PolicyMeta(HealthCheckKind.NAME, "shop", name, 1, created),
        PolicyTarget.service("api", port), new HealthCheckSettings(
            new HealthCheckSettings.Http("/healthz", List.of(200)), null, null, Duration.ofSeconds(5),
            Duration.ofSeconds(1), 1, 3, true, probes, null));
  }

  @Test
  void readinessGoesOnTheContainerServingTheTargetPortOfEverySelectedDeployment() {
    var hc = healthCheck("hc", Instant.EPOCH, 80, new HealthCheckSettings.Probes(true, false, false));
    var plan = planner.plan(List.of(hc),
        Map.of("api", service("api", Map.of("app", "api"), 80, "http")),
        List.of(deployment("api", Map.of("app", "api", "tier", "web")),
            deployment("other", Map.of("app", "other"))));

    var api = plan.deployments().get("api");
    assertThat(api.probes()).containsOnlyKeys(new Slot("app", ProbeKind.READINESS));
    assertThat(api.probes().get(new Slot("app", ProbeKind.READINESS)).at("/httpGet/port")
        .asText()).isEqualTo("http");
    assertThat(api.force()).isFalse();
    assertThat(plan.deployments().get("other").probes()).isEmpty();
    assertThat(plan.workloads().get(PolicyKey.of(hc.meta()))).containsExactly(
        new WorkloadProbeStatus("Deployment", "api", List.of("readiness")));
  }

  @Test
  void aProbeTheWorkloadDefinesItselfIsKeptUnlessOverride() {
    Deployment d = deployment("api", Map.of("app", "api"));
    d.getSpec().getTemplate().getSpec().getContainers().get(1)
        .setReadinessProbe(new ProbeBuilder().withNewTcpSocket()
            .withPort(new IntOrString(8080)).endTcpSocket().build());
    Map<String, Service> svc = Map.of("api", service("api", Map.of("app", "api"), 80, "8080"));

    var keep = planner.plan(List.of(healthCheck("hc", Instant.EPOCH, null,
        new HealthCheckSettings.Probes(true, true, false))), svc, List.of(d));
    var take = planner.plan(List.of(healthCheck("hc", Instant.EPOCH, null,
        new HealthCheckSettings.Probes(true, true, true))), svc, List.of(d));

    assertThat(keep.deployments().get("api").probes().keySet())
        .containsExactly(new Slot("app", ProbeKind.LIVENESS));
    assertThat(keep.workloads().values().iterator().next().get(0).getProbes())
        .containsExactly("liveness");
    assertThat(take.deployments().get("api").probes().keySet()).containsExactlyInAnyOrder(
        new Slot("app", ProbeKind.READINESS), new Slot("app", ProbeKind.LIVENESS));
    assertThat(take.deployments().get("api").force()).isTrue();
  }

  @Test
  void aProbeOurFieldManagerOwnsIsOursToRewrite() {
    Deployment d = deployment("api", Map.of("app", "api"));
    d.getSpec().getTemplate().getSpec().getContainers().get(1)
        .setReadinessProbe(new ProbeBuilder().withPeriodSeconds(99).build());
    FieldsV1 fields = new FieldsV1();
    fields.setAdditionalProperty("f:spec", Map.of("f:template", Map.of("f:spec", Map.of(
        "f:containers", Map.of("k:{\"name\":\"app\"}", Map.of(".", Map.of(), "f:name", Map.of(),
            "f:readinessProbe", Map.of()))))));
    ManagedFieldsEntry entry = new ManagedFieldsEntry();
    entry.setManager(ProbeApplier.FIELD_MANAGER);
    entry.setOperation("Apply");
    entry.setFieldsV1(fields);
    d.getMetadata().setManagedFields(List.of(entry));

    var plan = planner.plan(List.of(healthCheck("hc", Instant.EPOCH, null,
        new HealthCheckSettings.Probes(true, false, false))),
        Map.of("api", service("api", Map.of("app", "api"), 80, "http")), List.of(d));

    assertThat(plan.deployments().get("api").probes()).hasSize(1);
    assertThat(plan.deployments().get("api").force()).isFalse();
  }

  @Test
  void theOldestHealthCheckWinsAContainerBothTarget() {
    var older = healthCheck("b-older", Instant.parse("2025-01-01T00:00:00Z"), null,
        new HealthCheckSettings.Probes(true, false, false));
    var newer = healthCheck("a-newer", Instant.parse("2025-02-01T00:00:00Z"), null,
        new HealthCheckSettings.Probes(true, false, false));

    var plan = planner.plan(List.of(newer, older),
        Map.of("api", service("api", Map.of("app", "api"), 80, "http")),
        List.of(deployment("api", Map.of("app", "api"))));

    assertThat(plan.workloads().get(PolicyKey.of(older.meta()))).hasSize(1);
    assertThat(plan.workloads().get(PolicyKey.of(newer.meta()))).isEmpty();
  }

  @Test
  void aMissingServiceOrASelectorlessServiceWritesNothing() {
    var hc = healthCheck("hc", Instant.EPOCH, null, new HealthCheckSettings.Probes(true, true, false));
    var d = deployment("api", Map.of("app", "api"));

    assertThat(planner.plan(List.of(hc), Map.of(), List.of(d)).deployments().get("api").probes())
        .isEmpty();
    assertThat(planner.plan(List.of(hc), Map.of("api", service("api", Map.of(), 80, "http")),
        List.of(d)).deployments().get("api").probes()).isEmpty();
  }
}
