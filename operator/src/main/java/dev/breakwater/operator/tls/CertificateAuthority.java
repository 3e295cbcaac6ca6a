package dev.breakwater.operator.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The xDS channel's certificate authority: a self-signed CA (ECDSA P-256) that signs the
 * operator's server certificate and the proxies' client certificates. Nothing else trusts it and
 * it signs nothing else.
 */
public final class CertificateAuthority {

  public static final Duration CA_VALIDITY = Duration.ofDays(3650);
  public static final Duration LEAF_VALIDITY = Duration.ofDays(90);
  /** Clocks of the proxies' nodes may lag the operator's. */
  private static final Duration BACKDATE = Duration.ofMinutes(5);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Issued ca;

  public CertificateAuthority(Issued ca) {
    this.ca = ca;
  }

  public static CertificateAuthority generate(String name, Instant now) {
    try {
      KeyPair pair = keyPair();
      X500Name subject = new X500Name("CN=" + name);
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(),
          Date.from(now.minus(BACKDATE)), Date.from(now.plus(CA_VALIDITY)), subject,
          pair.getPublic());
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      b.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      b.addExtension(Extension.subjectKeyIdentifier, false,
          ext.createSubjectKeyIdentifier(pair.getPublic()));
      return new CertificateAuthority(new Issued(pair.getPrivate(),
          List.of(sign(b, pair.getPrivate()))));
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot create the xDS CA", e);
    }
  }

  public Issued certificate() {
    return ca;
  }

  /** The operator's server certificate: its DNS names (and 127.0.0.1) and the operator URI. */
  public Issued issueServer(List<String> dnsNames, Instant now) {
    List<GeneralName> names = new ArrayList<>();
    dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
    names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
    names.add(new GeneralName(GeneralName.uniformResourceIdentifier,
        ProxyIdentity.OPERATOR_URI));
    return issue("breakwater-operator", names, KeyPurposeId.id_kp_serverAuth, now);
  }

  /** A proxy's client certificate for {@code identity}. */
  public Issued issueProxy(String identity, Instant now) {
    return issue(identity, List.of(new GeneralName(GeneralName.uniformResourceIdentifier,
        ProxyIdentity.uri(identity))), KeyPurposeId.id_kp_clientAuth, now);
  }

  private Issued issue(String commonName, List<GeneralName> names, KeyPurposeId purpose,
      Instant now) {
    try {
      KeyPair pair = keyPair();
      X509Certificate issuer = ca.leaf();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial(),
          Date.from(now.minus(BACKDATE)), Date.from(now.plus(LEAF_VALIDITY)),
          new X500Name("CN=" + commonName), pair.getPublic());
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      b.addExtension(Extension.subjectAlternativeName, false,
          new GeneralNames(names.toArray(GeneralName[]::new)));
      b.addExtension(Extension.authorityKeyIdentifier, false,
          ext.createAuthorityKeyIdentifier(issuer));
      return new Issued(pair.getPrivate(), List.of(sign(b, ca.key())));
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot issue a certificate for " + commonName, e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter().getCertificate(
          b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static KeyPair keyPair() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return g.generateKeyPair();
  }

  private static BigInteger serial() {
    return new BigInteger(127, RANDOM);
  }
}
