package dev.breakwater.operator.xds;

import com.google.protobuf.Any;
import dev.breakwater.xds.snapshot.SnapshotFactory;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.envoy.config.route.v3.ScopedRouteConfiguration;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.envoyproxy.envoy.service.route.v3.ScopedRoutesDiscoveryServiceGrpc;
import io.envoyproxy.controlplane.server.exception.RequestException;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the listener's scopes (SRDS), state of the world, on a gRPC stream of their own:
 * java-control-plane's cache and ADS know clusters, endpoints, listeners, routes and secrets only.
 * Every proxy gets the same scope list. Stream events go to the same callbacks as the ADS streams
 * (the node identity check, ACK tracking), under negative stream ids, which never meet java-control-plane's (counting up
 * from 0).
 */
public final class ScopedRoutesServer
    extends ScopedRoutesDiscoveryServiceGrpc.ScopedRoutesDiscoveryServiceImplBase {

  public static final String TYPE_URL =
      "type.googleapis.com/envoy.config.route.v3.ScopedRouteConfiguration";
  private static final Logger LOG = LoggerFactory.getLogger(ScopedRoutesServer.class);

  /** One scope list and the digest that names it. */
  public record Scopes(String version, List<Any> resources) {}

  private final List<DiscoveryServerCallbacks> callbacks;
  private final AtomicLong streamIds = new AtomicLong();
  private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
  /**
   * Null until the first publish: a proxy that connects before it (a restarted operator still
   * listing its objects) is answered nothing, as java-control-plane's cache answers nothing
   * without a snapshot; an empty list would take every route away from it.
   */
  private volatile Scopes current;

  /** @param callbacks in order, as the ADS streams run them (see {@link XdsServer#callbacks}) */
  public ScopedRoutesServer(List<DiscoveryServerCallbacks> callbacks) {
    this.callbacks = List.copyOf(callbacks);
  }

  /** Serves {@code scopes} from now on; proxies that had another version get it at once. */
  public void publish(List<ScopedRouteConfiguration> scopes) {
    String version = SnapshotFactory.version(scopes);
    Scopes before = current;
    if (before != null && version.equals(before.version())) {
      return;
    }
    current = new Scopes(version, scopes.stream().map(Any::pack).toList());
    streams.forEach(Stream::offer);
  }

  /** The version served now; empty before the first publish. */
  public java.util.Optional<String> version() {
    return java.util.Optional.ofNullable(current).map(Scopes::version);
  }

  @Override
  public StreamObserver<DiscoveryRequest> streamScopedRoutes(
      StreamObserver<DiscoveryResponse> responses) {
    Stream stream = new Stream(-streamIds.incrementAndGet(), responses);
    try {
      for (DiscoveryServerCallbacks c : callbacks) {
        c.onStreamOpen(stream.id, TYPE_URL);
      }
    } catch (RequestException refused) {
      responses.onError(refused); // as java-control-plane does when a callback refuses a stream
      return new Refused();
    }
    streams.add(stream);
    return stream;
  }

  private final class Stream implements StreamObserver<DiscoveryRequest> {
    private final long id;
    private final StreamObserver<DiscoveryResponse> responses;
    private DiscoveryRequest lastRequest;
    private String sentVersion;
    private String sentNonce = "";
    private long nonces;

    Stream(long id, StreamObserver<DiscoveryResponse> responses) {
      this.id = id;
      this.responses = responses;
    }

    @Override
    public void onNext(DiscoveryRequest request) {
      try {
        for (DiscoveryServerCallbacks c : callbacks) {
          c.onV3StreamRequest(id, request);
        }
      } catch (RequestException refused) {
        streams.remove(this);
        responses.onError(refused);
        return;
      }
      synchronized (this) {
        if (!request.getResponseNonce().isEmpty() && !request.getResponseNonce().equals(sentNonce)) {
          return; // answers a response a newer one has replaced
        }
        lastRequest = request;
        // a NACK names the last good version: resending the refused one could only loop; the
        // next publish brings a new one
        Scopes scopes = current;
        if (scopes == null) {
          return; // nothing to serve yet: the first publish offers it
        }
        if (!request.hasErrorDetail() && !scopes.version().equals(request.getVersionInfo())) {
          send();
        } else if (sentVersion == null) {
          sentVersion = request.getVersionInfo(); // a reconnecting proxy that already runs it
        }
      }
    }

    /** A new scope list: send it unless the proxy has not asked yet or already has it. */
    synchronized void offer() {
      if (lastRequest != null && !current.version().equals(sentVersion)) {
        send();
      }
    }

    private void send() {
      Scopes scopes = current;
      DiscoveryResponse response = DiscoveryResponse.newBuilder()
          .setVersionInfo(scopes.version())
          .setTypeUrl(TYPE_URL)
          .setNonce(Long.toString(++nonces))
          .addAllResources(scopes.resources())
          .build();
      try {
        responses.onNext(response);
      } catch (RuntimeException e) {
        LOG.debug("SRDS stream {} is gone: {}", id, e.toString());
        return;
      }
      sentVersion = scopes.version();
      sentNonce = response.getNonce();
      callbacks.forEach(c -> c.onV3StreamResponse(id, lastRequest, response));
    }

    @Override
    public void onError(Throwable error) {
      streams.remove(this);
      callbacks.forEach(c -> c.onStreamCloseWithError(id, TYPE_URL, error));
    }

    @Override
    public void onCompleted() {
      streams.remove(this);
      callbacks.forEach(c -> c.onStreamClose(id, TYPE_URL));
      responses.onCompleted();
    }
  }

  /** The far side of a stream refused at its opening: nothing more arrives, nothing to do. */
  private static final class Refused implements StreamObserver<DiscoveryRequest> {
    @Override
    public void onNext(DiscoveryRequest request) {}

    @Override
    public void onError(Throwable error) {}

    @Override
    public void onCompleted() {}
  }
}
