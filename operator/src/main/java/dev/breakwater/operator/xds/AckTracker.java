package dev.breakwater.operator.xds;

import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every xDS stream (state-of-the-world and delta) to know, per connected Envoy, which
 * version of each type it ACKed and what it rejected. A request carrying a response nonce answers
 * the response with that nonce: without error_detail it is an ACK, with it a NACK.
 */
public final class AckTracker implements DiscoveryServerCallbacks, ConnectedProxies {

  private static final Logger LOG = LoggerFactory.getLogger(AckTracker.class);
  private static final int NONCES_KEPT = 64;

  private final Map<Long, Stream> streams = new HashMap<>();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<ProxyAnswer>> answerListeners = new CopyOnWriteArrayList<>();
  private final MeterRegistry registry;
  private volatile DeltaBaseline deltaBaseline = (type, held) -> null;

  public AckTracker(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("breakwater.proxies.connected", this, t -> t.proxies().size())
        .description("Envoy proxies (distinct node ids) with an open xDS stream")
        .register(registry);
  }

  /** Called after any ACK, NACK, stream open or close. */
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  /** Called after every ACK or NACK, outside the tracker's lock. */
  public void onAnswer(Consumer<ProxyAnswer> listener) {
    answerListeners.add(listener);
  }

  /** One entry per node id with an open stream, sorted by node id. */
  @Override
  public synchronized List<ProxyState> proxies() {
    Map<String, List<Stream>> byNode = new TreeMap<>();
    for (Stream s : streams.values()) {
      if (s.nodeId != null) {
        byNode.computeIfAbsent(s.nodeId, k -> new ArrayList<>()).add(s);
      }
    }
    List<ProxyState> out = new ArrayList<>();
    byNode.forEach((node, list) -> out.add(merge(node, list)));
    return out;
  }

  @Override
  public void onStreamOpen(long streamId, String typeUrl) {
    synchronized (this) {
      streams.put(streamId, new Stream());
    }
  }

  @Override
  public void onStreamClose(long streamId, String typeUrl) {
    closed(streamId);
  }

  @Override
  public void onStreamCloseWithError(long streamId, String typeUrl, Throwable error) {
    LOG.debug("xDS stream {} closed with error: {}", streamId, error.toString());
    closed(streamId);
  }

  @Override
  public void onV3StreamRequest(long streamId, DiscoveryRequest request) {
    // an ACK names the version it took; a NACK names the last good one, so its nonce says which
    // response it refused
    requested(streamId, request.hasNode() ? request.getNode().getId() : null,
        request.getTypeUrl(), names -> {
          names.clear();
          names.addAll(request.getResourceNamesList());
        }, request.getResponseNonce(), request.getVersionInfo(), request.hasErrorDetail(),
        request.getErrorDetail().getMessage());
  }

  @Override
  public void onV3StreamResponse(long streamId, DiscoveryRequest request,
      DiscoveryResponse response) {
    sent(streamId, response.getTypeUrl(), response.getNonce(), response.getVersionInfo());
  }

  @Override
  public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request) {
    // delta requests carry no version: the nonce says which response they answer; a stream's
    // first request lists the resources the proxy holds, which may be the current content
    String held = request.getResponseNonce().isEmpty()
        && request.getInitialResourceVersionsCount() > 0
        ? deltaBaseline.versionHolding(XdsType.of(request.getTypeUrl()).orElse(null),
            request.getInitialResourceVersionsMap())
        : null;
    requested(streamId, request.hasNode() ? request.getNode().getId() : null,
        request.getTypeUrl(), names -> {
          names.addAll(request.getResourceNamesSubscribeList());
          names.removeAll(request.getResourceNamesUnsubscribeList());
        }, request.getResponseNonce(), held, request.hasErrorDetail(),
        request.getErrorDetail().getMessage());
  }

  /**
   * How a reconnecting delta client's held resources map to a version of the type (SotW clients
   * name the version themselves). Without one, only responses count.
   */
  public void setDeltaBaseline(DeltaBaseline baseline) {
    this.deltaBaseline = baseline;
  }

  @Override
  public void onV3StreamDeltaResponse(long streamId, DeltaDiscoveryRequest request,
      DeltaDiscoveryResponse response) {
    sent(streamId, response.getTypeUrl(), response.getNonce(),
        response.getSystemVersionInfo());
  }

  /**
   * One request of either protocol: the node (only a stream's first request names it), how it
   * changes the subscribed names, and, when it carries a response nonce, Envoy's answer.
   *
   * @param claimedVersion the version an ACK names, null when requests carry none
   */
  private void requested(long streamId, String nodeId, String typeUrl,
      Consumer<Set<String>> subscribe, String nonce, String claimedVersion, boolean rejected,
      String message) {
    XdsType type = XdsType.of(typeUrl).orElse(null);
    boolean changed;
    ProxyAnswer answer = null;
    synchronized (this) {
      Stream stream = streams.computeIfAbsent(streamId, id -> new Stream());
      changed = stream.node(nodeId);
      if (type != null) {
        TypeState state = stream.type(type);
        subscribe.accept(state.names);
        if (nonce.isEmpty() && claimedVersion != null && !claimedVersion.isEmpty()) {
          // A stream's first request of a type carries, as version_info, the version the proxy
          // took last, over any earlier stream (xDS protocol). A proxy that reconnects holding
          // the current content is not sent it again (SimpleCache answers only a different
          // version), so without this a restarted operator would never learn what it runs.
          state.acked = claimedVersion;
          changed = true;
        } else if (!nonce.isEmpty()) {
          String version = rejected || claimedVersion == null
              ? stream.versionOf(nonce, type) : claimedVersion;
          String before = state.acked;
          answered(stream, type, state, version, rejected, message);
          if (version != null) {
            answer = new ProxyAnswer(stream.nodeId, type, version, before, rejected,
                rejected ? message : null);
          }
          changed = true;
        }
      }
    }
    notifyIf(changed);
    if (answer != null) {
      for (Consumer<ProxyAnswer> listener : answerListeners) {
        listener.accept(answer);
      }
    }
  }

  private void sent(long streamId, String typeUrl, String nonce, String version) {
    XdsType type = XdsType.of(typeUrl).orElse(null);
    synchronized (this) {
      Stream stream = streams.get(streamId);
      if (stream != null && type != null) {
        stream.sent(nonce, type, version);
      }
    }
  }

  /** Envoy answered one of our responses: a NACK with its message, or an ACK of {@code version}. */
  private void answered(Stream stream, XdsType type, TypeState state, String version,
      boolean rejected, String message) {
    if (rejected) {
      state.nack = new ProxyState.Nack(version, message);
      nacked(stream, type, state.nack);
    } else if (version != null) {
      state.acked = version;
      state.nack = null;
    }
  }

  private void nacked(Stream stream, XdsType type, ProxyState.Nack nack) {
    // the quarantine logs each rejection once; a NACK itself is only worth a debug line
    LOG.debug("proxy {} rejected {} version {}: {}", stream.nodeId, type, nack.version(),
        nack.message());
    Counter.builder("breakwater.xds.nacks")
        .description("xDS responses Envoy rejected")
        .tag("type", type.name())
        .register(registry)
        .increment();
  }

  private void closed(long streamId) {
    boolean removed;
    synchronized (this) {
      removed = streams.remove(streamId) != null;
    }
    notifyIf(removed);
  }

  private void notifyIf(boolean changed) {
    if (changed) {
      listeners.forEach(Runnable::run);
    }
  }

  private static ProxyState merge(String node, Collection<Stream> list) {
    Map<XdsType, String> acked = new EnumMap<>(XdsType.class);
    Map<XdsType, ProxyState.Nack> nacks = new EnumMap<>(XdsType.class);
    Set<XdsType> subscribed = EnumSet.noneOf(XdsType.class);
    for (Stream s : list) {
      s.types.forEach((type, state) -> {
        if (state.acked != null) {
          acked.put(type, state.acked);
        }
        if (state.nack != null) {
          nacks.put(type, state.nack);
        }
        if (type.wildcard() || !state.names.isEmpty()) {
          subscribed.add(type);
        }
      });
    }
    return new ProxyState(node, acked, nacks, subscribed);
  }

  private static final class Stream {
    String nodeId;
    final Map<XdsType, TypeState> types = new EnumMap<>(XdsType.class);
    final Map<String, String> nonceVersions = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
        return size() > NONCES_KEPT;
      }
    };

    /** Envoy sends its node only on a stream's first request. */
    boolean node(String id) {
      if (id == null || id.equals(nodeId)) {
        return false;
      }
      nodeId = id;
      return true;
    }

    TypeState type(XdsType type) {
      return types.computeIfAbsent(type, t -> new TypeState());
    }

    void sent(String nonce, XdsType type, String version) {
      nonceVersions.put(type + "/" + nonce, version);
    }

    String versionOf(String nonce, XdsType type) {
      return nonceVersions.get(type + "/" + nonce);
    }
  }

  private static final class TypeState {
    String acked;
    ProxyState.Nack nack;
    final Set<String> names = new HashSet<>();
  }
}
