package dev.breakwater.operator.probes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakwater.crds.v1alpha1.WorkloadProbeStatus;
import dev.breakwater.operator.state.PolicyKey;
import dev.breakwater.xds.policies.healthcheck.HealthCheckKind;
import dev.breakwater.xds.translate.PolicyCondition;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Status reports what is on the pod template, and a failed apply, never the plan alone. */
class ProbeOutcomesTest {
  private static final PolicyKey HC = new PolicyKey(HealthCheckKind.NAME, "shop", "web");
  private final ObjectMapper json = new ObjectMapper();
  private final ProbeOutcomes outcomes = new ProbeOutcomes(new ProbeApplier(null));

  @Test
  void aProbeOnTheTemplateIsListedAndTheConditionIsTrue() throws Exception {
    ProbeOutcomes.Outcome o = outcomes.evaluate(plan(), List.of(web(true)), Map.of(), Map.of())
        .get(HC);

    assertThat(o.workloads()).extracting(WorkloadProbeStatus::getName,
        WorkloadProbeStatus::getProbes).containsExactly(tuple("web", List.of("readiness")));
    assertThat(o.condition()).get().extracting(PolicyCondition::status, PolicyCondition::reason)
        .containsExactly(PolicyCondition.Status.True, ProbeOutcomes.APPLIED);
  }

  @Test
  void aPlannedProbeNotYetOnTheTemplateIsNotListedAndNothingIsDecided() throws Exception {
    ProbeOutcomes.Outcome o = outcomes.evaluate(plan(), List.of(web(false)), Map.of(), Map.of())
        .get(HC);

    assertThat(o.workloads()).isEmpty();
    assertThat(o.condition()).isEmpty();
  }

  @Test
  void aRefusedApplyIsAFalseConditionWithTheServersMessageAndNoProbeListed() throws Exception {
    ProbeOutcomes.Outcome o = outcomes.evaluate(plan(), List.of(web(false)),
        Map.of("web", "deployments.apps \"web\" is forbidden"), Map.of()).get(HC);

    assertThat(o.workloads()).isEmpty();
    assertThat(o.condition()).get().extracting(PolicyCondition::status, PolicyCondition::reason)
        .containsExactly(PolicyCondition.Status.False, ProbeOutcomes.APPLY_FAILED);
    assertThat(o.condition().get().message())
        .isEqualTo("Deployment web: deployments.apps \"web\" is forbidden");
  }

  private ProbePlan plan() throws Exception {
    ObjectNode readiness = (ObjectNode) json.readTree(
        "{\"httpGet\":{\"path\":\"/health\",\"port\":8080},\"periodSeconds\":2}");
    return new ProbePlan(
        Map.of("web", new ProbePlan.Desired(Map.of(new Slot("app", ProbeKind.READINESS),
            readiness), false)),
        Map.of(HC, List.of(new WorkloadProbeStatus("Deployment", "web", List.of("readiness")))));
  }

  private static Deployment web(boolean withProbe) {
    return new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("shop")
        .endMetadata().withNewSpec().withNewTemplate().withNewSpec().addNewContainer()
        .withName("app").withReadinessProbe(withProbe ? new ProbeBuilder().withNewHttpGet()
            .withPath("/health").withNewPort(8080).endHttpGet().withPeriodSeconds(2)
            .withTimeoutSeconds(1).build() : null)
        .endContainer().endSpec().endTemplate().endSpec().build();
  }
}
