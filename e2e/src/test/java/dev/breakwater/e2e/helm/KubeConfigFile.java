package dev.breakwater.e2e.helm;

import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * A self-contained kubeconfig (certificates inlined, not referenced by path) for the cluster a
 * fabric8 client talks to: what helm-java, kubectl and an operator process read, and what a
 * chroot can still use.
 */
public final class KubeConfigFile {
  private KubeConfigFile() {}

  public static Path write(KubernetesClient client, Path file) {
    Config config = client.getConfiguration();
    return write(file, client, "{client-certificate-data: %s, client-key-data: %s}".formatted(
        data(config.getClientCertData(), config.getClientCertFile()),
        data(config.getClientKeyData(), config.getClientKeyFile())));
  }

  /**
   * A kubeconfig that authenticates as a ServiceAccount with a token from the TokenRequest API:
   * what a pod of that ServiceAccount presents.
   */
  public static Path writeForServiceAccount(KubernetesClient admin, String namespace,
      String serviceAccount, Path file) {
    String token = admin.serviceAccounts().inNamespace(namespace).withName(serviceAccount)
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L)
            .endSpec().build())
        .getStatus().getToken();
    return write(file, admin, "{token: " + token + "}");
  }

  private static Path write(Path file, KubernetesClient client, String credentials) {
    Config config = client.getConfiguration();
    String yaml = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: test
          cluster:
            server: %s
            certificate-authority-data: %s
        users:
        - name: test
          user: %s
        contexts:
        - name: test
          context: {cluster: test, user: test, namespace: default}
        current-context: test
        """.formatted(config.getMasterUrl().replaceAll("/$", ""),
        data(config.getCaCertData(), config.getCaCertFile()), credentials);
    try {
      Files.createDirectories(file.getParent());
      return Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String data(String base64, String file) {
    if (base64 != null && !base64.isBlank()) {
      return base64;
    }
    if (file == null) {
      throw new IllegalStateException("client config has neither data nor file for a credential");
    }
    try {
      return Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
