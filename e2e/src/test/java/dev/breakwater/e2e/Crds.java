package dev.breakwater.e2e;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Installs the generated Breakwater CRDs (the files crd-generator writes into the crds jar under
 * {@code META-INF/fabric8/}; the same files the Helm chart ships) and waits until each is
 * Established, so custom resources can be created right after.
 */
public final class Crds {
  public static final String GROUP = "resilience.breakwater.dev";
  public static final List<String> PLURALS = dev.breakwater.xds.policies.PolicyKinds.all().stream()
      .map(dev.breakwater.xds.policy.PolicyKind::plural).toList();

  private Crds() {}

  public static void install(KubernetesClient client) {
    for (String plural : PLURALS) {
      CustomResourceDefinition crd;
      try (InputStream in = open(plural + "." + GROUP + "-v1.yml")) {
        crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      client.resource(crd).forceConflicts().serverSideApply();
    }
    await("CRDs Established").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> PLURALS.stream().allMatch(p -> established(client, p + "." + GROUP)));
  }

  private static boolean established(KubernetesClient client, String name) {
    CustomResourceDefinition crd =
        client.apiextensions().v1().customResourceDefinitions().withName(name).get();
    return crd != null && crd.getStatus() != null && crd.getStatus().getConditions().stream()
        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** The crds module's jar on the test classpath, else its build output in the repository. */
  private static InputStream open(String file) throws IOException {
    InputStream in = Crds.class.getResourceAsStream("/META-INF/fabric8/" + file);
    if (in != null) {
      return in;
    }
    Path built = TestBed.repoRoot().resolve("crds/target/classes/META-INF/fabric8").resolve(file);
    if (!Files.isRegularFile(built)) {
      throw new IllegalStateException("CRD " + file + " not found on the classpath nor at " + built
          + ": build the crds module first");
    }
    return Files.newInputStream(built);
  }
}
