package dev.breakwater.operator.probes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProbeApplierTest {

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void applyBodyCarriesOnlyIdentityAndOurProbesPerContainer() throws Exception {
    Map<Slot, ObjectNode> probes = new LinkedHashMap<>();
    probes.put(new Slot("app", ProbeKind.READINESS),
        (ObjectNode) json.readTree("{\"tcpSocket\":{\"port\":80}}"));
    probes.put(new Slot("app", ProbeKind.LIVENESS),
        (ObjectNode) json.readTree("{\"tcpSocket\":{\"port\":81}}"));

    var body = ProbeApplier.body("shop", "api", new ProbePlan.Desired(probes, false));

    assertThat(body).isEqualTo(json.readTree("""
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"api","namespace":"shop"},
         "spec":{"template":{"spec":{"containers":[{"name":"app",
           "readinessProbe":{"tcpSocket":{"port":80}},
           "livenessProbe":{"tcpSocket":{"port":81}}}]}}}}"""));
  }

  @Test
  void anEmptyPlanAppliesNothingButIdentitySoTheServerRemovesWhatWeOwned() throws Exception {
    var body = ProbeApplier.body("shop", "api", new ProbePlan.Desired(Map.of(), false));

    assertThat(body).isEqualTo(json.readTree("""
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"api","namespace":"shop"}}"""));
  }

  @Test
  void containsIgnoresFieldsTheApiServerDefaulted() throws Exception {
    var actual = json.readTree("""
        {"httpGet":{"path":"/h","port":8080,"scheme":"HTTP"},"periodSeconds":10,
         "timeoutSeconds":1,"successThreshold":1,"failureThreshold":3}""");

    assertThat(ProbeApplier.contains(actual, json.readTree(
        "{\"httpGet\":{\"path\":\"/h\",\"port\":8080},\"periodSeconds\":10}"))).isTrue();
    assertThat(ProbeApplier.contains(actual, json.readTree(
        "{\"httpGet\":{\"path\":\"/h\",\"port\":8080},\"periodSeconds\":5}"))).isFalse();
  }
}
