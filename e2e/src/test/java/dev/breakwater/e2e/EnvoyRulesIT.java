package dev.breakwater.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What only Envoy would refuse never reaches it. Each policy of the Envoy corpus (RE2 syntax and
 * program size, characters a route path or a health check path cannot hold) is stored by the API
 * server, gets {@code Accepted=False, reason=Invalid} naming the field, and Envoy never sees it:
 * a change of another policy made afterwards is Programmed, and Envoy rejected no update.
 */
class EnvoyRulesIT {

  @RegisterExtension
  static final Breakwater BW = new Breakwater("envoyrules");
  private static Upstream upstream;
  private static int generation;

  static List<Path> envoyInvalidPolicies() {
    return CorpusFiles.yaml(TestBed.repoRoot().resolve("e2e/src/test/resources/envoy-invalid"));
  }

  @BeforeAll
  static void services() {
    upstream = BW.upstream("api");
    BW.backend("api", 80, upstream);
    BW.backend("canary", 80, upstream);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("envoyInvalidPolicies")
  void refusedNamingTheFieldWhileOtherChangesKeepFlowing(Path file) {
    String yaml = CorpusFiles.read(file);
    String field = CorpusFiles.header(yaml, "# field:");
    List<io.fabric8.kubernetes.api.model.GenericKubernetesResource> objects =
        YamlDocuments.parse(yaml);
    YamlDocuments.create(BW.client(), BW.namespace(), objects.get(0));
    AppliedPolicy bad = BW.policy(objects.get(0).getKind(), objects.get(0).getMetadata().getName());

    JsonNode refused = bad.awaitCondition("Accepted", "False", "Invalid");
    assertThat(AppliedPolicy.condition(refused, "Accepted").path("message").asText())
        .as("the condition names the field").contains(field);

    // another tenant's change, made after the bad policy, still reaches Envoy
    generation++;
    BW.apply(Manifests.rateLimit("canary", "canary", 80,
        "limits: [{name: all, requests: " + (100 + generation) + ", period: 1s}]"));
    BW.policy(AppliedPolicy.RATE_LIMIT, "canary").awaitProgrammed();
    BW.awaitRouted("canary");
    Map<String, Long> rejected = BW.admin().stats("update_rejected$");
    assertThat(rejected.values()).as("Envoy rejected no update: %s", rejected)
        .allMatch(v -> v == 0);

    bad.delete();
  }
}
