package dev.breakwater.e2e;

import static org.awaitility.Awaitility.await;

import dev.breakwater.operator.tls.CertificateAuthority;
import dev.breakwater.operator.tls.Issued;
import dev.breakwater.operator.tls.Pem;
import dev.breakwater.operator.tls.XdsTlsConfig;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * A test Envoy's side of the xDS mutual TLS, laid out as the gateway has it: tls.crt, tls.key and
 * ca.crt (a proxy Secret's keys) and the repository's SDS files pointing at them. The certificate
 * is either issued here for the Envoy's own node id from the operator's CA Secret, as a per-pod
 * certificate would be, or copied from the proxy Secret the operator writes.
 */
final class ProxyCertificates {
  /** The SDS files of the repository (one secret each), written next to the certificates. */
  static final java.util.List<String> SDS_FILES =
      java.util.List.of("envoy-xds-certificate.yaml", "envoy-xds-ca.yaml");

  private ProxyCertificates() {}

  /** A certificate for {@code identity} signed by the operator's CA (created at its start). */
  static Path issue(KubernetesClient client, String namespace, String identity, Path dir) {
    Map<String, String> ca = secretData(client, namespace, XdsTlsConfig.DEFAULT_CA_SECRET);
    CertificateAuthority authority = new CertificateAuthority(new Issued(
        Pem.privateKey(ca.get("tls.key")), Pem.certificates(ca.get("tls.crt"))));
    Issued proxy = authority.issueProxy(identity, Instant.now());
    return write(dir, proxy.chainPem(), proxy.keyPem(), ca.get("ca.crt"));
  }

  /** The proxy certificate the operator issued into its proxy Secret. */
  static Path fromProxySecret(KubernetesClient client, String namespace, Path dir) {
    Map<String, String> data = secretData(client, namespace, XdsTlsConfig.DEFAULT_PROXY_SECRET);
    return write(dir, data.get("tls.crt"), data.get("tls.key"), data.get("ca.crt"));
  }

  /** Files as a Secret mount has them, plus the SDS files (with their placeholder filled). */
  static Path write(Path dir, String chain, String key, String caBundle) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("tls.crt"), chain);
      Files.writeString(dir.resolve("tls.key"), key);
      Files.writeString(dir.resolve("ca.crt"), caBundle);
      for (String sds : SDS_FILES) {
        Files.writeString(dir.resolve(sds), Files.readString(
                TestBed.repoRoot().resolve("helm-chart/files/" + sds))
            .replace("__XDS_TLS_DIR__", dir.toAbsolutePath().toString()));
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> secretData(KubernetesClient client, String namespace,
      String name) {
    Secret[] found = new Secret[1];
    await("Secret " + namespace + "/" + name + " written by the operator")
        .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> (found[0] = client.secrets().inNamespace(namespace).withName(name).get())
            != null);
    Map<String, String> out = new java.util.HashMap<>();
    found[0].getData().forEach((k, v) -> out.put(k,
        new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    return out;
  }
}
