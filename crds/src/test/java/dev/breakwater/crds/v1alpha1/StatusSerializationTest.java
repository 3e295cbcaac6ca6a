package dev.breakwater.crds.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The status classes produce the JSON shape the printer columns and the e2e suite read. */
class StatusSerializationTest {

  @Test
  void circuitBreakerStatusShape() {
    CircuitBreakerPolicyStatus status = new CircuitBreakerPolicyStatus();
    status.setObservedGeneration(3L);
    status.setState("Open");
    status.setProxies(new ProxyStatus(1, 2));
    status.setConditions(List.of(new ConditionBuilder()
        .withType(Api.CONDITION_ACCEPTED).withStatus("True").withReason("Accepted")
        .withMessage("accepted").withObservedGeneration(3L)
        .withLastTransitionTime("2025-01-01T00:00:00Z").build()));
    BreakerStatus breaker = new BreakerStatus();
    breaker.setOpenEndpoints(1);
    breaker.setTotalEndpoints(3);
    breaker.setWouldOpenEndpoints(0);
    breaker.setOverflowRequests(7L);
    status.setBreaker(breaker);

    JsonNode json = Serialization.jsonMapper().valueToTree(status);

    assertThat(json.at("/observedGeneration").asLong()).isEqualTo(3);
    assertThat(json.at("/state").asText()).isEqualTo("Open");
    assertThat(json.at("/proxies").toString())
        .isEqualTo("{\"programmed\":1,\"total\":2,\"summary\":\"1/2\"}");
    assertThat(json.at("/conditions/0/type").asText()).isEqualTo("Accepted");
    assertThat(json.at("/conditions/0/status").asText()).isEqualTo("True");
    assertThat(json.at("/breaker").toString())
        .isEqualTo("{\"openEndpoints\":1,\"totalEndpoints\":3,\"wouldOpenEndpoints\":0,\"overflowRequests\":7}");
    assertThat(status.condition("Accepted")).isPresent();
    assertThat(status.condition("Programmed")).isEmpty();
  }

  @Test
  void healthCheckAndRateLimitStatusShape() {
    HealthCheckStatus hc = new HealthCheckStatus();
    hc.setState("Degraded");
    hc.setEndpoints(new EndpointHealthStatus(1, 1, 2));
    hc.setWorkloads(List.of(new WorkloadProbeStatus("Deployment", "payments", List.of("readiness"))));
    RateLimitPolicyStatus rl = new RateLimitPolicyStatus();
    rl.setState("Limiting");
    rl.setRateLimit(new RateLimitCounters(5, 95, 1));

    JsonNode hcJson = Serialization.jsonMapper().valueToTree(hc);
    JsonNode rlJson = Serialization.jsonMapper().valueToTree(rl);

    assertThat(hcJson.at("/endpoints").toString())
        .isEqualTo("{\"healthy\":1,\"unhealthy\":1,\"total\":2}");
    assertThat(hcJson.at("/workloads/0").toString())
        .isEqualTo("{\"kind\":\"Deployment\",\"name\":\"payments\",\"probes\":[\"readiness\"]}");
    assertThat(rlJson.at("/rateLimit").toString())
        .isEqualTo("{\"limitedRequests\":5,\"allowedRequests\":95,\"enforcingProxies\":1}");
    assertThat(rlJson.at("/state").asText()).isEqualTo("Limiting");
  }

  @Test
  void equalStatusesAreEqualSoTheOperatorCanSkipNoOpPatches() {
    RateLimitPolicyStatus a = new RateLimitPolicyStatus();
    a.setRateLimit(new RateLimitCounters(1, 2, 1));
    a.setProxies(new ProxyStatus(2, 2));
    RateLimitPolicyStatus b = new RateLimitPolicyStatus();
    b.setRateLimit(new RateLimitCounters(1, 2, 1));
    b.setProxies(new ProxyStatus(2, 2));
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    b.setState("Idle");
    assertThat(a).isNotEqualTo(b);
  }
}
