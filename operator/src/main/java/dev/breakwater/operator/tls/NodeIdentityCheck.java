package dev.breakwater.operator.tls;

import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.controlplane.server.exception.RequestException;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.grpc.Status;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses an xDS stream whose node id its certificate does not allow, before anything else sees
 * the request: a proxy cannot pose as another, so the ACKs and NACKs counted for a node id come
 * from that node. The first request of a stream must name its node (Envoy always does).
 * Runs only on a TLS port ({@link PeerIdentity} set an identity).
 */
public final class NodeIdentityCheck implements DiscoveryServerCallbacks {

  private static final Logger LOG = LoggerFactory.getLogger(NodeIdentityCheck.class);

  private final Map<Long, String> checked = new ConcurrentHashMap<>();

  @Override
  public void onStreamClose(long streamId, String typeUrl) {
    checked.remove(streamId);
  }

  @Override
  public void onStreamCloseWithError(long streamId, String typeUrl, Throwable error) {
    checked.remove(streamId);
  }

  @Override
  public void onV3StreamRequest(long streamId, DiscoveryRequest request)
      throws RequestException {
    check(streamId, request.hasNode() ? request.getNode() : null);
  }

  @Override
  public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request)
      throws RequestException {
    check(streamId, request.hasNode() ? request.getNode() : null);
  }

  private void check(long streamId, Node node) throws RequestException {
    Optional<String> identity = PeerIdentity.current();
    if (identity.isEmpty()) {
      return; // plaintext (dev only): nothing to hold the node to
    }
    String known = checked.get(streamId);
    if (node == null || node.getId().isEmpty()) {
      if (known == null) {
        throw refused("the first request of a stream must name its node");
      }
      return;
    }
    if (!ProxyIdentity.allows(identity.get(), node.getId())) {
      LOG.warn("refused an xDS stream: node id {} is not allowed by the certificate of {}",
          node.getId(), identity.get());
      throw refused("node id " + node.getId() + " is not allowed by this certificate ("
          + identity.get() + ")");
    }
    checked.put(streamId, node.getId());
  }

  private static RequestException refused(String why) {
    return new RequestException(Status.PERMISSION_DENIED.withDescription(why));
  }
}
