package dev.breakwater.operator.xds;

import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
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
import java.util.stream.Collectors;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import net.logstash.logback.argument.StructuredArguments;
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
  private final Clock clock;

  public AckTracker(MeterRegistry registry) {
    this(registry, Clock.systemUTC());
  }

  /** @param clock stamps connections and NACKs (what {@code breakwater proxies} shows) */
  public AckTracker(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    Gauge.builder("breakwater.proxies.connected", this, t -> t.proxies().size())
        .description("Envoy proxies (distinct node ids) with an open xDS stream")
        .register(registry);
    // at 0 from the start, so that an alert on increase() sees the first rejection
    for (XdsType type : XdsType.values()) {
      nacks(type);
    }
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
      streams.put(streamId, new Stream(clock.millis()));
    }
  }

  @Override
  public void onStreamClose(long streamId, String typeUrl) {
    closed(streamId);
  }

  @Override
  public void onStreamCloseWithError(long streamId, String typeUrl, Throwable error) {
    LOG.debug("xDS stream {} closed with error: {}", streamId, error.getMessage());
    closed(streamId);
  }

  @Override
  public void onV3StreamRequest(long streamId, DiscoveryRequest request) {
    // an ACK names the version it took; a NACK names the last good one, so its nonce says which
    // response it refused
    flavour(streamId, streamId < 0 ? null : ProxyConnection.SOTW);
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
    sent(streamId, response.getTypeUrl(), response.getNonce(), response.getVersionInfo(),
        Set.copyOf(request.getResourceNamesList()));
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
    flavour(streamId, ProxyConnection.DELTA);
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
        response.getSystemVersionInfo(), Set.of());
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
    boolean connected = false;
    synchronized (this) {
      Stream stream = streams.computeIfAbsent(streamId, id -> new Stream(clock.millis()));
      changed = stream.node(nodeId);
      connected = changed && streamsOf(nodeId) == 1;
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
          Set<String> carried = stream.namesOf(nonce, type);
          Set<String> asked = rejected && state.ackedNames != null
              ? carried.stream().filter(n -> !state.ackedNames.contains(n))
                  .collect(Collectors.toSet())
              : Set.of();
          answered(stream, type, state, version, rejected, message);
          if (!rejected && version != null) {
            state.ackedNames = carried;
          }
          if (version != null) {
            answer = new ProxyAnswer(stream.nodeId, type, version, before, rejected,
                rejected ? message : null, asked);
          }
          changed = true;
        }
      }
    }
    if (connected) {
      LOG.info("proxy {} connected", StructuredArguments.v("node", nodeId));
    }
    notifyIf(changed);
    if (answer != null) {
      for (Consumer<ProxyAnswer> listener : answerListeners) {
        listener.accept(answer);
      }
    }
  }

  private void sent(long streamId, String typeUrl, String nonce, String version,
      Set<String> names) {
    XdsType type = XdsType.of(typeUrl).orElse(null);
    synchronized (this) {
      Stream stream = streams.get(streamId);
      if (stream != null && type != null) {
        stream.sent(nonce, type, version, names);
      }
    }
  }

  /** Envoy answered one of our responses: a NACK with its message, or an ACK of {@code version}. */
  private void answered(Stream stream, XdsType type, TypeState state, String version,
      boolean rejected, String message) {
    if (rejected) {
      ProxyState.Nack nack = new ProxyState.Nack(version, message);
      // a proxy re-sent the same refused version NACKs it again: one line, every one counted
      boolean repeated = nack.equals(state.nack);
      state.nack = nack;
      state.lastNack = new ProxyConnection.LastNack(version, message, clock.millis());
      nacked(stream, type, nack, repeated);
    } else if (version != null) {
      state.acked = version;
      state.nack = null;
    }
  }

  private void nacked(Stream stream, XdsType type, ProxyState.Nack nack, boolean repeated) {
    // the quarantine logs each rejection once (WARN); a NACK itself is only worth a debug line
    if (!repeated) {
      LOG.debug("proxy {} rejected {} version {}: {}", StructuredArguments.v("node", stream.nodeId),
          StructuredArguments.v("type", type.name()),
          StructuredArguments.v("version", nack.version()),
          StructuredArguments.v("error", nack.message() == null ? "" : nack.message().strip()));
    }
    nacks(type).increment();
  }

  private Counter nacks(XdsType type) {
    return Counter.builder("breakwater.xds.nacks")
        .description("xDS responses Envoy rejected")
        .tag("type", type.name())
        .register(registry);
  }

  private void closed(long streamId) {
    Stream removed;
    boolean disconnected;
    synchronized (this) {
      removed = streams.remove(streamId);
      disconnected = removed != null && removed.nodeId != null && streamsOf(removed.nodeId) == 0;
    }
    if (disconnected) {
      LOG.info("proxy {} disconnected after {}s", StructuredArguments.v("node", removed.nodeId),
          StructuredArguments.v("connected_seconds",
              (clock.millis() - removed.openedAtMillis) / 1000));
    }
    notifyIf(removed != null);
  }

  /** Streams (ADS, SRDS) open for a node id; the caller holds the lock. */
  private int streamsOf(String nodeId) {
    int n = 0;
    for (Stream s : streams.values()) {
      if (nodeId.equals(s.nodeId)) {
        n++;
      }
    }
    return n;
  }

  private synchronized void flavour(long streamId, String ads) {
    streams.computeIfAbsent(streamId, id -> new Stream(clock.millis())).ads = ads;
  }

  /**
   * What {@code breakwater proxies} shows of each connected node: since when, over which ADS
   * flavour, and per type what it subscribes to, ACKed, and rejected last (kept after a later
   * ACK, unlike {@link ProxyState#nacks()}). Sorted by node id.
   */
  public synchronized List<ProxyConnection> connections() {
    Map<String, List<Stream>> byNode = new TreeMap<>();
    for (Stream s : streams.values()) {
      if (s.nodeId != null) {
        byNode.computeIfAbsent(s.nodeId, k -> new ArrayList<>()).add(s);
      }
    }
    List<ProxyConnection> out = new ArrayList<>();
    byNode.forEach((node, list) -> out.add(connection(node, list)));
    return out;
  }

  private static ProxyConnection connection(String node, List<Stream> list) {
    long since = Long.MAX_VALUE;
    String ads = null;
    Map<XdsType, ProxyConnection.TypeState> types = new EnumMap<>(XdsType.class);
    for (Stream s : list) {
      since = Math.min(since, s.openedAtMillis);
      ads = s.ads != null ? s.ads : ads;
      s.types.forEach((type, state) -> {
        ProxyConnection.TypeState before = types.get(type);
        ProxyConnection.LastNack last = state.lastNack;
        if (before != null && before.lastNack() != null
            && (last == null || before.lastNack().atMillis() > last.atMillis())) {
          last = before.lastNack();
        }
        types.put(type, new ProxyConnection.TypeState(
            type.wildcard() || !state.names.isEmpty() || (before != null && before.subscribed()),
            state.acked != null ? state.acked : before == null ? null : before.acked(),
            state.nack != null || (before != null && before.rejecting()), last));
      });
    }
    return new ProxyConnection(node, since, ads, types);
  }

  private void notifyIf(boolean changed) {
    if (changed) {
      listeners.forEach(Runnable::run);
    }
  }

  private static ProxyState merge(String node, Collection<Stream> list) {
    Map<XdsType, String> acked = new EnumMap<>(XdsType.class);
    Map<XdsType, ProxyState.Nack> nacks = new EnumMap<>(XdsType.class);
    Map<XdsType, Set<String>> names = new EnumMap<>(XdsType.class);
    Set<XdsType> subscribed = EnumSet.noneOf(XdsType.class);
    for (Stream s : list) {
      s.types.forEach((type, state) -> {
        if (state.acked != null) {
          acked.put(type, state.acked);
        }
        if (state.nack != null) {
          nacks.put(type, state.nack);
        }
        if (state.ackedNames != null && !state.ackedNames.isEmpty()) {
          names.put(type, state.ackedNames);
        }
        if (type.wildcard() || !state.names.isEmpty()) {
          subscribed.add(type);
        }
      });
    }
    return new ProxyState(node, acked, nacks, subscribed, names);
  }

  private static final class Stream {
    final long openedAtMillis;
    /** ADS flavour, {@link ProxyConnection#SOTW} or {@link ProxyConnection#DELTA}; null: SRDS. */
    String ads;
    String nodeId;
    final Map<XdsType, TypeState> types = new EnumMap<>(XdsType.class);
    final Map<XdsType, Set<String>> lastNames = new EnumMap<>(XdsType.class);
    final Map<String, Sent> nonces = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Sent> eldest) {
        return size() > NONCES_KEPT;
      }
    };

    Stream(long openedAtMillis) {
      this.openedAtMillis = openedAtMillis;
    }

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

    void sent(String nonce, XdsType type, String version, Set<String> names) {
      // requests mostly ask for the same names again: keep one set per change, not per response
      Set<String> last = lastNames.get(type);
      Set<String> kept = names.equals(last) ? last : names;
      lastNames.put(type, kept);
      nonces.put(type + "/" + nonce, new Sent(version, kept));
    }

    String versionOf(String nonce, XdsType type) {
      Sent sent = nonces.get(type + "/" + nonce);
      return sent == null ? null : sent.version();
    }

    /** The names the response asked for (empty: all of the type, or unknown). */
    Set<String> namesOf(String nonce, XdsType type) {
      Sent sent = nonces.get(type + "/" + nonce);
      return sent == null ? Set.of() : sent.names();
    }
  }

  /** One response sent: its version, and the names of the request it answered. */
  private record Sent(String version, Set<String> names) {}

  private static final class TypeState {
    String acked;
    /** The names the last response the proxy took carried; null before it took one. */
    Set<String> ackedNames;
    ProxyState.Nack nack;
    ProxyConnection.LastNack lastNack;
    final Set<String> names = new HashSet<>();
  }
}
