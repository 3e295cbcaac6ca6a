package dev.breakwater.operator.xds;

import io.envoyproxy.controlplane.cache.ConfigWatcher;
import io.envoyproxy.controlplane.cache.DeltaResponse;
import io.envoyproxy.controlplane.cache.DeltaWatch;
import io.envoyproxy.controlplane.cache.DeltaXdsRequest;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.controlplane.cache.Response;
import io.envoyproxy.controlplane.cache.Watch;
import io.envoyproxy.controlplane.cache.XdsRequest;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Never sends a proxy again a version it rejected. A NACK names the last version the proxy took,
 * so the cache, seeing it differ from the snapshot's, would answer at once with the very version
 * just rejected: Envoy and the operator would trade thousands of NACKs a second. Here the watch a
 * NACK opens waits as if the proxy held the rejected version, so it is answered only by a new
 * one; a proxy that reconnects after rejecting the current version is held the same way.
 *
 * <p>It sits between java-control-plane's server and the cache and sees every request first as
 * a callback: the server runs the callbacks of a request and then, on the same thread, creates
 * its watch, so the callback hands the version to hold to {@link #createWatch} through a
 * thread-local.
 */
public final class RejectedVersionHold implements ConfigWatcher, DiscoveryServerCallbacks {

  private static final int NONCES_KEPT = 64;
  private static final int NODES_KEPT = 4096;

  private final ConfigWatcher cache;
  private final ThreadLocal<String> holdAt = new ThreadLocal<>();
  private final Map<Long, StreamNonces> streams = new ConcurrentHashMap<>();
  /** Per node id, the last version of each type it rejected and has not replaced since. */
  private final Map<String, Map<ResourceType, String>> rejected =
      Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<ResourceType, String>> e) {
          return size() > NODES_KEPT;
        }
      });

  public RejectedVersionHold(ConfigWatcher cache) {
    this.cache = cache;
  }

  @Override
  public void onStreamOpen(long streamId, String typeUrl) {
    streams.put(streamId, new StreamNonces());
  }

  @Override
  public void onStreamClose(long streamId, String typeUrl) {
    streams.remove(streamId);
  }

  @Override
  public void onStreamCloseWithError(long streamId, String typeUrl, Throwable error) {
    streams.remove(streamId);
  }

  @Override
  public void onV3StreamRequest(long streamId, DiscoveryRequest request) {
    requested(streamId, request.hasNode() ? request.getNode().getId() : null,
        request.getTypeUrl(), request.getResponseNonce(), request.hasErrorDetail());
  }

  @Override
  public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request) {
    requested(streamId, request.hasNode() ? request.getNode().getId() : null,
        request.getTypeUrl(), request.getResponseNonce(), request.hasErrorDetail());
  }

  @Override
  public void onV3StreamResponse(long streamId, DiscoveryRequest request,
      DiscoveryResponse response) {
    sent(streamId, response.getTypeUrl(), response.getNonce(), response.getVersionInfo());
  }

  @Override
  public void onV3StreamDeltaResponse(long streamId, DeltaDiscoveryRequest request,
      DeltaDiscoveryResponse response) {
    sent(streamId, response.getTypeUrl(), response.getNonce(), response.getSystemVersionInfo());
  }

  private void requested(long streamId, String nodeId, String typeUrl, String nonce,
      boolean nack) {
    holdAt.remove();
    ResourceType type = Resources.TYPE_URLS_TO_RESOURCE_TYPE.get(typeUrl);
    StreamNonces stream = streams.computeIfAbsent(streamId, id -> new StreamNonces());
    String node = stream.node(nodeId);
    if (type == null || node == null) {
      return;
    }
    if (nonce.isEmpty()) {
      // the stream's first request of the type: after a reconnect, still no rejected version
      Map<ResourceType, String> byType = rejected.get(node);
      String version = byType == null ? null : byType.get(type);
      if (version != null) {
        holdAt.set(version);
      }
      return;
    }
    if (nack) {
      String version = stream.versionOf(type, nonce);
      if (version != null) {
        holdAt.set(version);
        rejected.computeIfAbsent(node, n -> new ConcurrentHashMap<>()).put(type, version);
      }
    } else {
      Map<ResourceType, String> byType = rejected.get(node);
      if (byType != null) {
        byType.remove(type);
      }
    }
  }

  private void sent(long streamId, String typeUrl, String nonce, String version) {
    ResourceType type = Resources.TYPE_URLS_TO_RESOURCE_TYPE.get(typeUrl);
    StreamNonces stream = streams.get(streamId);
    if (stream != null && type != null) {
      stream.sent(type, nonce, version);
    }
  }

  /** The version to hold the request's watch at, taken once (null: none). */
  private String takeHold() {
    String version = holdAt.get();
    holdAt.remove();
    return version;
  }

  @Override
  public Watch createWatch(boolean ads, XdsRequest request, Set<String> knownResourceNames,
      Consumer<Response> responseConsumer, boolean hasClusterChanged,
      boolean allowDefaultEmptyEdsUpdate) {
    String hold = takeHold();
    if (hold == null) {
      return cache.createWatch(ads, request, knownResourceNames, responseConsumer,
          hasClusterChanged, allowDefaultEmptyEdsUpdate);
    }
    // as if the proxy ran the rejected version and knew every name it asks for: the cache
    // answers only when the type's version moves on
    XdsRequest held = XdsRequest.create(request.v3Request().toBuilder()
        .setVersionInfo(hold).build());
    return cache.createWatch(ads, held, Set.copyOf(request.getResourceNamesList()),
        responseConsumer, false, allowDefaultEmptyEdsUpdate);
  }

  @Override
  public DeltaWatch createDeltaWatch(DeltaXdsRequest request, String requesterVersion,
      Map<String, String> resourceVersions, Set<String> pendingResources, boolean isWildcard,
      Consumer<DeltaResponse> responseConsumer, boolean hasClusterChanged) {
    String hold = takeHold();
    if (hold == null) {
      return cache.createDeltaWatch(request, requesterVersion, resourceVersions,
          pendingResources, isWildcard, responseConsumer, hasClusterChanged);
    }
    return cache.createDeltaWatch(request, hold, resourceVersions, Set.of(), isWildcard,
        responseConsumer, false);
  }

  /** One stream's node (sent on its first request only) and which version each nonce carried. */
  private static final class StreamNonces {
    private volatile String nodeId;
    private final Map<String, String> versions = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
        return size() > NONCES_KEPT;
      }
    };

    String node(String id) {
      if (id != null && !id.isEmpty()) {
        nodeId = id;
      }
      return nodeId;
    }

    synchronized void sent(ResourceType type, String nonce, String version) {
      versions.put(type + "/" + nonce, version);
    }

    synchronized String versionOf(ResourceType type, String nonce) {
      return versions.get(type + "/" + nonce);
    }
  }
}
