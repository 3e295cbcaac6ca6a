package dev.breakwater.operator.tls;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How the xDS port is secured.
 *
 * <ul>
 *   <li>{@link Mode#ISSUE} (the default): the operator is the CA. It keeps the CA in the Secret
 *       {@code caSecret} (creating it once), issues its own server certificate in memory and the
 *       proxies' client certificate into the Secret {@code proxySecret} (tls.crt, tls.key,
 *       ca.crt: what the gateway mounts), for {@code proxyIdentity}, and renews both.
 *       {@code caDir}, a mount of the CA Secret, lets a restart without the API server serve.
 *   <li>{@link Mode#FILES}: tls.crt, tls.key, ca.crt in {@code certDir} (cert-manager or a PKI of
 *       your own), reread when they change.
 *   <li>{@link Mode#PLAINTEXT}: no TLS, anyone reaching the port is served; dev only.
 * </ul>
 *
 * @param secretNamespace null: the operator's own namespace (POD_NAMESPACE, else the client's)
 */
public record XdsTlsConfig(Mode mode, String secretNamespace, String caSecret,
    String proxySecret, String proxyIdentity, List<String> serverNames, Path caDir,
    Path certDir) {

  public static final String DEFAULT_CA_SECRET = "breakwater-xds-ca";
  public static final String DEFAULT_PROXY_SECRET = "breakwater-xds-proxy";
  public static final String DEFAULT_PROXY_IDENTITY = "breakwater-gateway";

  public enum Mode { ISSUE, FILES, PLAINTEXT }

  public XdsTlsConfig {
    Objects.requireNonNull(mode, "mode");
    caSecret = blank(caSecret) ? DEFAULT_CA_SECRET : caSecret;
    proxySecret = blank(proxySecret) ? DEFAULT_PROXY_SECRET : proxySecret;
    proxyIdentity = blank(proxyIdentity) ? DEFAULT_PROXY_IDENTITY : proxyIdentity;
    serverNames = serverNames == null ? List.of() : List.copyOf(serverNames);
    if (mode == Mode.FILES && certDir == null) {
      throw new IllegalArgumentException("TLS from files needs the directory (--xds-tls-dir)");
    }
  }

  public static XdsTlsConfig issue() {
    return new XdsTlsConfig(Mode.ISSUE, null, null, null, null, List.of(), null, null);
  }

  public static XdsTlsConfig plaintext() {
    return new XdsTlsConfig(Mode.PLAINTEXT, null, null, null, null, List.of(), null, null);
  }

  public static XdsTlsConfig files(Path dir) {
    return new XdsTlsConfig(Mode.FILES, null, null, null, null, List.of(), null, dir);
  }

  public XdsTlsConfig inNamespace(String namespace) {
    return new XdsTlsConfig(mode, namespace, caSecret, proxySecret, proxyIdentity, serverNames,
        caDir, certDir);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
