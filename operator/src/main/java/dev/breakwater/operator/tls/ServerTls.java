package dev.breakwater.operator.tls;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSsl;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The xDS port's TLS: the operator's certificate and the CAs whose proxies it trusts, both
 * replaceable while it serves (renewal, CA rotation: every new handshake uses the current ones;
 * open streams keep theirs). A client certificate is required.
 */
public final class ServerTls {

  private static final String ALIAS = "breakwater-xds";

  private static final SslProvider PROVIDER =
      OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;

  private volatile Issued server;
  private volatile X509TrustManager trust;

  public ServerTls(Issued server, List<X509Certificate> trustedCas) {
    update(server, trustedCas);
  }

  public void update(Issued server, List<X509Certificate> trustedCas) {
    this.trust = trustManager(trustedCas);
    this.server = server;
  }

  /** The TLS implementation the xDS server uses: OPENSSL (BoringSSL) or JDK. */
  public static String provider() {
    return PROVIDER.name();
  }

  public Issued server() {
    return server;
  }

  /**
   * Netty's context for the gRPC server; the key and trust above are read per handshake.
   * BoringSSL (shipped inside grpc-netty-shaded) when it loads: it encrypts several times faster
   * than the JDK's AES-GCM, which took a sixth of the operator's CPU sending state-of-the-world
   * responses to 100 proxies (issue 12). The JDK's TLS otherwise.
   */
  public SslContext sslContext() {
    try {
      return GrpcSslContexts.configure(SslContextBuilder.forServer(new KeyManager()),
              PROVIDER)
          .trustManager(new TrustManager())
          .clientAuth(ClientAuth.REQUIRE)
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot set up TLS for xDS", e);
    }
  }

  private static X509TrustManager trustManager(List<X509Certificate> cas) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < cas.size(); i++) {
        store.setCertificateEntry("ca-" + i, cas.get(i));
      }
      TrustManagerFactory f = TrustManagerFactory.getInstance(
          TrustManagerFactory.getDefaultAlgorithm());
      f.init(store);
      for (javax.net.ssl.TrustManager tm : f.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          return x;
        }
      }
      throw new IllegalStateException("no X.509 trust manager");
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot trust the xDS CA", e);
    }
  }

  /** The current server certificate, whatever the client asks for. */
  private final class KeyManager extends X509ExtendedKeyManager {
    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return new String[0];
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return new String[] {ALIAS};
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return ALIAS;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers,
        SSLEngine engine) {
      return ALIAS;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return server.chain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return server.key();
    }
  }

  /** Client certificates signed by a current CA; no server side use. */
  private final class TrustManager extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      trust.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      trust.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      trust.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("the xDS server trusts no servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("the xDS server trusts no servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("the xDS server trusts no servers");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return trust.getAcceptedIssuers();
    }
  }
}
