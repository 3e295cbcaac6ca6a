package dev.breakwater.e2e.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.breakwater.e2e.FreePorts;
import dev.breakwater.e2e.Kube;
import dev.breakwater.e2e.KubeApiServerExtension;
import dev.breakwater.e2e.TestBed;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator image, built and run without Docker or a registry ({@link OperatorImage}: Jib on a
 * base assembled from Debian packages and this JDK); the image tar is unpacked and
 * its entrypoint started in a chroot as the image's user, on a read-only root with a tmpfs /tmp
 * (the chart's pod settings). It must run both {@code translate} and {@code run}, and the
 * latter must answer /healthz and /readyz against the suite's API server.
 */
@ExtendWith(KubeApiServerExtension.class)
class OperatorImageIT {
  private static Path work;
  private static ImageTar image;

  @BeforeAll
  static void buildAndUnpack() {
    // Not a skip: an image nobody ran is an untested image. CI and dev/up run as root.
    assertThat(Chroot.available())
        .as("OperatorImageIT needs root: debootstrap builds the base, chroot runs the image")
        .isTrue();
    work = TestBed.workDir("image");
    Path tar = OperatorImage.tar();
    image = ImageTar.unpack(tar, work);
  }

  @Test
  void imageRunsAsNonRootWithTheOperatorAsEntrypoint() {
    assertThat(image.user()).isEqualTo("65532:65532");
    assertThat(image.entrypoint()).containsExactly("java", "-cp", "@/app/jib-classpath-file",
        "dev.breakwater.operator.Main");
    assertThat(image.cmd()).containsExactly("run");
    assertThat(image.rootfs().resolve("opt/java/openjdk/bin/java")).isExecutable();
    assertThat(image.rootfs().resolve("app/jib-classpath-file")).isRegularFile();
  }

  @Test
  void sameImageRunsTranslate() throws Exception {
    Path examples = image.rootfs().resolve("work/examples");
    Files.createDirectories(examples.getParent());
    Commands.run(List.of("cp", "-r", TestBed.repoRoot().resolve("examples").toString(),
        examples.getParent().toString()), work, work.resolve("copy.log"), Duration.ofMinutes(1));
    List<String> argv = new ArrayList<>(image.entrypoint());
    argv.addAll(List.of("translate", "-f", "/work/examples", "-o", "json"));

    String out = Commands.run(Chroot.command(image.rootfs(), image.user(), image.env(), argv),
        work, work.resolve("translate.log"), Duration.ofMinutes(2));

    JsonNode translated = new ObjectMapper().readTree(out);
    List<String> clusters = new ArrayList<>();
    translated.path("clusters").forEach(c -> clusters.add(c.path("name").asText()));
    assertThat(clusters).contains("default/payments/8080", "default/api/80");
  }

  @Test
  void sameImageRunsTheOperatorWhichAnswersHealthAndReadiness(KubernetesClient client)
      throws Exception {
    String namespace = Kube.createNamespace(client, "image");
    // In the image, where a pod would have its ServiceAccount token: the image's root is
    // read-only once running, so it is written before.
    Path kubeconfigDir = Files.createDirectories(image.rootfs().resolve("etc/breakwater"));
    Path kubeconfig = KubeConfigFile.write(client, kubeconfigDir.resolve("kubeconfig"));
    Files.setPosixFilePermissions(kubeconfig, PosixFilePermissions.fromString("rw-r--r--"));
    int httpPort = FreePorts.next();
    List<String> env = new ArrayList<>(image.env());
    env.add("KUBECONFIG=/etc/breakwater/kubeconfig");
    List<String> argv = new ArrayList<>(image.entrypoint());
    argv.addAll(image.cmd());
    argv.addAll(List.of("--xds-port=" + FreePorts.next(), "--http-port=" + httpPort,
        "--bind-address=127.0.0.1", "--namespaces=" + namespace));

    try (OperatorProcess operator = OperatorProcess.start(
        Chroot.command(image.rootfs(), image.user(), env, argv), Map.of(), httpPort,
        work.resolve("run.log"))) {
      await("/healthz from the image").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500)).until(() -> operator.status("/healthz") == 200);
      await("/readyz from the image").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500)).until(() -> operator.status("/readyz") == 200);
      assertThat(operator.seriesNames()).contains("breakwater_proxies_connected");
      assertThat(operator.stop(Duration.ofSeconds(20))).as("stops on SIGTERM, as in a pod")
          .isTrue();
    }
  }

}
