package dev.breakwater.operator.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private final CertificateAuthority ca = CertificateAuthority.generate("test-ca", NOW);

  @Test
  void aProxyCertificateNamesItsIdentityAndIsSignedByTheCa() throws Exception {
    Issued proxy = ca.issueProxy("breakwater-gateway", NOW);

    proxy.leaf().verify(ca.certificate().leaf().getPublicKey());
    assertThat(ProxyIdentity.of(proxy.leaf())).contains("breakwater-gateway");
    assertThat(proxy.leaf().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
  }

  @Test
  void theServerCertificateIsNoProxys() throws Exception {
    Issued server = ca.issueServer(List.of("breakwater.system.svc"), NOW);

    server.leaf().verify(ca.certificate().leaf().getPublicKey());
    assertThat(ProxyIdentity.of(server.leaf())).isEmpty();
    List<Object> names = server.leaf().getSubjectAlternativeNames().stream()
        .map(n -> (Object) n.get(1)).toList();
    assertThat(names).contains("breakwater.system.svc", "127.0.0.1", ProxyIdentity.OPERATOR_URI);
  }

  @Test
  void pemRoundTripsKeysAndChains() {
    Issued proxy = ca.issueProxy("p", NOW);

    List<X509Certificate> chain = Pem.certificates(proxy.chainPem());
    assertThat(chain).containsExactly(proxy.leaf());
    assertThat(proxy.keyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Pem.privateKey(proxy.keyPem())).isEqualTo(proxy.key());
    assertThatThrownBy(() -> Pem.certificates("nothing")).isInstanceOf(
        IllegalArgumentException.class);
  }

  @Test
  void renewalIsDueWithAThirdOfTheValidityLeft() {
    Issued proxy = ca.issueProxy("p", NOW);

    assertThat(proxy.dueForRenewal(NOW.plus(CertificateAuthority.LEAF_VALIDITY.dividedBy(2))))
        .isFalse();
    assertThat(proxy.dueForRenewal(NOW.plus(CertificateAuthority.LEAF_VALIDITY)
        .minus(CertificateAuthority.LEAF_VALIDITY.dividedBy(4)))).isTrue();
  }

  @Test
  void aNodeIdMustBeTheIdentityOrStartWithItAndADash() {
    assertThat(ProxyIdentity.allows("gw", "gw")).isTrue();
    assertThat(ProxyIdentity.allows("gw", "gw-7d9f-abcde")).isTrue();
    assertThat(ProxyIdentity.allows("gw", "gwx")).isFalse();
    assertThat(ProxyIdentity.allows("gw", "other")).isFalse();
    assertThat(ProxyIdentity.allows("gw", null)).isFalse();
  }
}
