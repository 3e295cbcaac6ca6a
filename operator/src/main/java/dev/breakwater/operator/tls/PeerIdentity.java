package dev.breakwater.operator.tls;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Puts the calling proxy's identity (from its verified client certificate) into the gRPC context
 * of every call on the xDS port; a call without one is refused before any service sees it. The
 * discovery and metrics services then hold node ids to it ({@link #current()}).
 */
public final class PeerIdentity implements ServerInterceptor {

  private static final Context.Key<String> IDENTITY = Context.key("breakwater-proxy-identity");

  /** The identity of the proxy whose call this thread serves; empty without TLS. */
  public static Optional<String> current() {
    return Optional.ofNullable(IDENTITY.get());
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    Optional<String> identity = identity(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
    if (identity.isEmpty()) {
      call.close(Status.UNAUTHENTICATED.withDescription(
          "a Breakwater proxy certificate is required"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return Contexts.interceptCall(Context.current().withValue(IDENTITY, identity.get()), call,
        headers, next);
  }

  private static Optional<String> identity(SSLSession session) {
    if (session == null) {
      return Optional.empty();
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate leaf
          ? ProxyIdentity.of(leaf) : Optional.empty();
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty();
    }
  }
}
