package dev.breakwater.operator.tls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Who a proxy is, as its client certificate says: the URI subject alternative name
 * {@code spiffe://breakwater/proxy/<identity>}. The operator's own certificate carries
 * {@code spiffe://breakwater/operator} and is no proxy's. A proxy's xDS node id must be its
 * identity or start with it and a dash: the pods of one gateway Deployment share a certificate
 * and are told apart by their pod names.
 */
public final class ProxyIdentity {

  public static final String PROXY_PREFIX = "spiffe://breakwater/proxy/";
  public static final String OPERATOR_URI = "spiffe://breakwater/operator";
  private static final int URI_SAN = 6;

  private ProxyIdentity() {}

  public static String uri(String identity) {
    return PROXY_PREFIX + identity;
  }

  /** The proxy identity a certificate carries; empty when it is no proxy's. */
  public static Optional<String> of(X509Certificate certificate) {
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      if (names == null) {
        return Optional.empty();
      }
      for (List<?> name : names) {
        if (name.size() == 2 && Integer.valueOf(URI_SAN).equals(name.get(0))
            && name.get(1) instanceof String uri && uri.startsWith(PROXY_PREFIX)
            && uri.length() > PROXY_PREFIX.length()) {
          return Optional.of(uri.substring(PROXY_PREFIX.length()));
        }
      }
      return Optional.empty();
    } catch (CertificateParsingException e) {
      return Optional.empty();
    }
  }

  /** Whether a proxy of {@code identity} may call itself {@code nodeId}. */
  public static boolean allows(String identity, String nodeId) {
    return nodeId != null && (nodeId.equals(identity) || nodeId.startsWith(identity + "-"));
  }
}
