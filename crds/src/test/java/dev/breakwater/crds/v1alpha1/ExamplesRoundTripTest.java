package dev.breakwater.crds.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every policy in examples/ maps onto the Java classes without an unknown field and serializes
 * back unchanged: the operator reads CRs through these classes, so nothing a user writes is lost.
 * (The e2e suite checks the same files against the API server.)
 */
class ExamplesRoundTripTest {

  private static final Map<String, Class<? extends CustomResource<?, ?>>> KINDS =
      Map.of(
          "CircuitBreakerPolicy", CircuitBreakerPolicy.class,
          "RateLimitPolicy", RateLimitPolicy.class,
          "HealthCheck", HealthCheck.class,
          "RetryPolicy", RetryPolicy.class,
          "TimeoutPolicy", TimeoutPolicy.class);

  private final ObjectMapper strict =
      Serialization.jsonMapper().copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  @Test
  void everyExamplePolicySurvivesTheJavaClasses() throws IOException {
    List<JsonNode> policies = examplePolicies();
    assertThat(policies.stream().map(p -> p.get("kind").asText()).distinct())
        .as("examples cover every kind")
        .containsExactlyInAnyOrderElementsOf(KINDS.keySet());
    for (JsonNode policy : policies) {
      CustomResource<?, ?> typed = strict.treeToValue(policy, KINDS.get(policy.get("kind").asText()));
      JsonNode back = Serialization.jsonMapper().valueToTree(typed);
      ((ObjectNode) back).remove("status");
      assertThat(back).as(policy.get("metadata").get("name").asText()).isEqualTo(policy);
    }
  }

  @Test
  void emptyMarkerObjectsSerializeAsEmptyObjects() {
    RateLimit limit = new RateLimit();
    limit.setKey(RateLimitKey.remoteAddress());
    HealthCheckSpec spec = new HealthCheckSpec();
    spec.setTcp(new TcpHealthCheck());
    assertThat(Serialization.jsonMapper().valueToTree(limit).toString())
        .isEqualTo("{\"key\":{\"remoteAddress\":{}}}");
    assertThat(Serialization.jsonMapper().valueToTree(spec).toString()).isEqualTo("{\"tcp\":{}}");
  }

  private static List<JsonNode> examplePolicies() throws IOException {
    Path dir = Path.of(System.getProperty("crds.examplesDir", "../examples"));
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    List<JsonNode> policies = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        MappingIterator<JsonNode> docs = yaml.readerFor(JsonNode.class).readValues(file.toFile());
        for (JsonNode doc : docs.readAll()) {
          if (doc != null && KINDS.containsKey(doc.path("kind").asText())) {
            policies.add(doc);
          }
        }
      }
    }
    return policies;
  }
}
