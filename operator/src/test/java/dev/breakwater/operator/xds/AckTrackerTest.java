package dev.breakwater.operator.xds;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.Status;
import dev.breakwater.operator.publish.SnapshotHistory;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AckTrackerTest {

  private static final String CDS = XdsType.CLUSTER.typeUrl();
  private static final String LDS = XdsType.LISTENER.typeUrl();
  private static final String EDS = XdsType.ENDPOINT.typeUrl();
  private static final String RDS = XdsType.ROUTE.typeUrl();

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AckTracker tracker = new AckTracker(registry);
  private final SnapshotHistory history = new SnapshotHistory();
  private final ProgrammedEvaluator evaluator = new ProgrammedEvaluator(history);

  private static DiscoveryRequest request(String type, String version, String nonce,
      String node) {
    DiscoveryRequest.Builder b = DiscoveryRequest.newBuilder().setTypeUrl(type)
        .setVersionInfo(version).setResponseNonce(nonce);
    if (node != null) {
      b.setNode(Node.newBuilder().setId(node));
    }
    return b.build();
  }

  private void respond(long stream, String type, String version, String nonce) {
    tracker.onV3StreamResponse(stream, DiscoveryRequest.getDefaultInstance(),
        DiscoveryResponse.newBuilder().setTypeUrl(type).setVersionInfo(version)
            .setNonce(nonce).build());
  }

  /** One snapshot per index with the given cluster and listener versions. */
  private void published(long index, String clusters, String listeners) {
    history.record(index, Snapshot.create(
        List.of(Cluster.newBuilder().setName("c").build()), clusters,
        List.of(), "e", List.of(), listeners, List.of(), "r", List.of(), "s"), "scopes");
  }

  @Test
  void sotwAckRecordsTheVersionPerNode() {
    tracker.onStreamOpen(1, null);
    tracker.onV3StreamRequest(1, request(CDS, "", "", "envoy-a"));
    respond(1, CDS, "c1", "n1");
    tracker.onV3StreamRequest(1, request(CDS, "c1", "n1", null));

    List<ProxyState> proxies = tracker.proxies();
    assertThat(proxies).hasSize(1);
    assertThat(proxies.get(0).nodeId()).isEqualTo("envoy-a");
    assertThat(proxies.get(0).acked()).containsEntry(XdsType.CLUSTER, "c1");
    assertThat(proxies.get(0).nacks()).isEmpty();
    assertThat(proxies.get(0).subscribed()).contains(XdsType.CLUSTER);
  }

  /**
   * Envoy reconnecting to another (or a restarted) operator opens with the version it kept
   * running and no nonce; when that is the current version the server sends nothing, so no ACK
   * follows. Found on the test bed's node: after the operator's pod rolled, the gateway stayed
   * "0/1" forever.
   */
  @Test
  void aReconnectingEnvoyRunsTheVersionItsFirstRequestNames() {
    tracker.onStreamOpen(7, null);
    tracker.onV3StreamRequest(7, request(CDS, "c1", "", "envoy-a"));

    assertThat(tracker.proxies().get(0).acked()).containsEntry(XdsType.CLUSTER, "c1");
  }

  @Test
  void aFirstRequestWithoutVersionClaimsNothing() {
    tracker.onStreamOpen(8, null);
    tracker.onV3StreamRequest(8, request(CDS, "", "", "envoy-a"));

    assertThat(tracker.proxies().get(0).acked()).doesNotContainKey(XdsType.CLUSTER);
  }

  @Test
  void sotwNackRecordsTheRejectedVersionAndMessageUntilTheNextAck() {
    tracker.onStreamOpen(1, null);
    tracker.onV3StreamRequest(1, request(CDS, "", "", "envoy-a"));
    respond(1, CDS, "c1", "n1");
    tracker.onV3StreamRequest(1, request(CDS, "c1", "n1", null));
    respond(1, CDS, "c2", "n2");
    tracker.onV3StreamRequest(1, request(CDS, "c1", "n2", null).toBuilder()
        .setErrorDetail(Status.newBuilder().setMessage("bad outlier_detection")).build());

    ProxyState p = tracker.proxies().get(0);
    assertThat(p.acked()).containsEntry(XdsType.CLUSTER, "c1");
    assertThat(p.nacks().get(XdsType.CLUSTER))
        .isEqualTo(new ProxyState.Nack("c2", "bad outlier_detection"));
    assertThat(registry.get("breakwater.xds.nacks").tag("type", "CLUSTER").counter().count())
        .isEqualTo(1);

    respond(1, CDS, "c3", "n3");
    tracker.onV3StreamRequest(1, request(CDS, "c3", "n3", null));
    assertThat(tracker.proxies().get(0).nacks()).isEmpty();
  }

  @Test
  void deltaAckIsMappedToAVersionThroughItsNonce() {
    tracker.onStreamOpen(7, null);
    tracker.onV3StreamDeltaRequest(7, DeltaDiscoveryRequest.newBuilder().setTypeUrl(CDS)
        .setNode(Node.newBuilder().setId("envoy-d")).build());
    tracker.onV3StreamDeltaResponse(7, DeltaDiscoveryRequest.getDefaultInstance(),
        DeltaDiscoveryResponse.newBuilder().setTypeUrl(CDS).setSystemVersionInfo("c9")
            .setNonce("x1").build());
    tracker.onV3StreamDeltaRequest(7, DeltaDiscoveryRequest.newBuilder().setTypeUrl(CDS)
        .setResponseNonce("x1").build());

    assertThat(tracker.proxies().get(0).acked()).containsEntry(XdsType.CLUSTER, "c9");
  }

  @Test
  void closingTheStreamForgetsTheProxyAndNotifies() {
    AtomicInteger changes = new AtomicInteger();
    tracker.onChange(changes::incrementAndGet);
    tracker.onStreamOpen(1, null);
    tracker.onV3StreamRequest(1, request(CDS, "", "", "envoy-a"));
    int afterOpen = changes.get();

    tracker.onStreamClose(1, null);

    assertThat(tracker.proxies()).isEmpty();
    assertThat(changes.get()).isGreaterThan(afterOpen);
    assertThat(registry.get("breakwater.proxies.connected").gauge().value()).isZero();
  }

  @Test
  void programmedCountsProxiesThatAckedAVersionServedSinceThePolicyArrived() {
    published(1, "c1", "l1");
    published(2, "c2", "l1"); // the policy arrives with snapshot 2 (clusters change)
    connect(1, "envoy-a", "c2", "l1");
    connect(2, "envoy-b", "c1", "l1");

    var result = evaluator.evaluate(true, 2, tracker.proxies());

    assertThat(result.programmed()).isEqualTo(1);
    assertThat(result.total()).isEqualTo(2);
    assertThat(result.condition().status().name()).isEqualTo("False");
    assertThat(result.condition().reason()).isEqualTo("Pending");

    respond(2, CDS, "c2", "b2");
    tracker.onV3StreamRequest(2, request(CDS, "c2", "b2", null));
    var after = evaluator.evaluate(true, 2, tracker.proxies());
    assertThat(after.programmed()).isEqualTo(2);
    assertThat(after.condition().status().name()).isEqualTo("True");
    assertThat(after.condition().message()).startsWith("2/2");
  }

  @Test
  void anUnchangedTypeVersionStillCountsForALaterSnapshot() {
    published(1, "c1", "l1");
    published(2, "c1", "l2"); // listeners changed, clusters did not
    connect(1, "envoy-a", "c1", "l2");

    assertThat(evaluator.evaluate(true, 2, tracker.proxies()).programmed()).isEqualTo(1);
  }

  @Test
  void aNackOfAVersionCarryingThePolicyMakesItRejectedWithEnvoysMessage() {
    published(1, "c1", "l1");
    published(2, "c2", "l1");
    connect(1, "envoy-a", "c1", "l1");
    respond(1, CDS, "c2", "a9");
    tracker.onV3StreamRequest(1, request(CDS, "c1", "a9", null).toBuilder()
        .setErrorDetail(Status.newBuilder().setMessage("Proto constraint validation failed"))
        .build());

    var result = evaluator.evaluate(true, 2, tracker.proxies());

    assertThat(result.condition().reason()).isEqualTo("Rejected");
    assertThat(result.condition().message()).contains("envoy-a")
        .contains("Proto constraint validation failed");
    assertThat(result.programmed()).isZero();
  }

  @Test
  void noProxiesAndNotAcceptedAreNeverProgrammed() {
    published(1, "c1", "l1");
    assertThat(evaluator.evaluate(true, 1, List.of()).condition().reason())
        .isEqualTo("NoProxies");
    connect(1, "envoy-a", "c1", "l1");
    var notAccepted = evaluator.evaluate(false, 1, tracker.proxies());
    assertThat(notAccepted.condition().reason()).isEqualTo("NotAccepted");
    assertThat(notAccepted.programmed()).isZero();
    assertThat(notAccepted.total()).isEqualTo(1);
  }

  private void connect(long stream, String node, String clusters, String listeners) {
    tracker.onStreamOpen(stream, null);
    tracker.onV3StreamRequest(stream, request(CDS, "", "", node));
    respond(stream, CDS, clusters, node + "c");
    tracker.onV3StreamRequest(stream, request(CDS, clusters, node + "c", null));
    tracker.onV3StreamRequest(stream, request(LDS, "", "", null));
    respond(stream, LDS, listeners, node + "l");
    tracker.onV3StreamRequest(stream, request(LDS, listeners, node + "l", null));
    subscribeAndAck(stream, EDS, "c", "e", node + "e");
    subscribeAndAck(stream, RDS, "r", "r", node + "r");
    // scopes come on a stream of their own (negative ids, as ScopedRoutesServer numbers them)
    tracker.onStreamOpen(-stream, ScopedRoutesServer.TYPE_URL);
    tracker.onV3StreamRequest(-stream, request(ScopedRoutesServer.TYPE_URL, "", "", node));
    respond(-stream, ScopedRoutesServer.TYPE_URL, "scopes", node + "s");
    tracker.onV3StreamRequest(-stream, request(ScopedRoutesServer.TYPE_URL, "scopes", node + "s",
        null));
  }

  /** EDS and RDS name what they want; both versions are the ones {@link #published} serves. */
  private void subscribeAndAck(long stream, String type, String name, String version, String nonce) {
    tracker.onV3StreamRequest(stream, request(type, "", "", null).toBuilder()
        .addResourceNames(name).build());
    respond(stream, type, version, nonce);
    tracker.onV3StreamRequest(stream, request(type, version, nonce, null).toBuilder()
        .addResourceNames(name).build());
  }

  @Test
  void aProxyThatHasNotSubscribedToRoutesYetDoesNotRunThePolicy() {
    published(1, "c1", "l1");
    tracker.onStreamOpen(1, null);
    tracker.onV3StreamRequest(1, request(CDS, "", "", "envoy-a"));
    respond(1, CDS, "c1", "n1");
    tracker.onV3StreamRequest(1, request(CDS, "c1", "n1", null));
    tracker.onV3StreamRequest(1, request(LDS, "", "", null));
    respond(1, LDS, "l1", "n2");
    tracker.onV3StreamRequest(1, request(LDS, "l1", "n2", null));
    subscribeAndAck(1, EDS, "c", "e", "n3");

    var result = evaluator.evaluate(true, 1, tracker.proxies());

    assertThat(result.programmed()).isZero();
    assertThat(result.condition().reason()).isEqualTo("Pending");
  }

  @Test
  void aProxyReconnectingWithTheCurrentVersionIsProgrammedWithoutBeingSentAnything() {
    // a restarted operator: same content, same versions; Envoy names them in its first
    // requests and SimpleCache, holding the same versions, answers nothing
    published(1, "c1", "l1");
    tracker.onStreamOpen(1, null);
    tracker.onV3StreamRequest(1, request(CDS, "c1", "", "envoy-a"));
    tracker.onV3StreamRequest(1, request(LDS, "l1", "", null));
    tracker.onV3StreamRequest(1, request(EDS, "e", "", null).toBuilder()
        .addResourceNames("c").build());
    tracker.onV3StreamRequest(1, request(RDS, "r", "", null).toBuilder()
        .addResourceNames("r").build());
    tracker.onStreamOpen(-1, ScopedRoutesServer.TYPE_URL);
    tracker.onV3StreamRequest(-1, request(ScopedRoutesServer.TYPE_URL, "scopes", "", "envoy-a"));

    assertThat(tracker.proxies().get(0).acked()).containsEntry(XdsType.CLUSTER, "c1")
        .containsEntry(XdsType.LISTENER, "l1");
    var result = evaluator.evaluate(true, 1, tracker.proxies());
    assertThat(result.condition().reason()).isEqualTo("Programmed");
    assertThat(result.programmed()).isEqualTo(1);
  }

  @Test
  void aReconnectingDeltaClientHoldingTheCurrentResourcesRunsTheCurrentVersion() {
    tracker.setDeltaBaseline((type, held) ->
        held.equals(java.util.Map.of("c", "h1")) ? "c7" : null);
    tracker.onStreamOpen(7, null);
    tracker.onV3StreamDeltaRequest(7, DeltaDiscoveryRequest.newBuilder().setTypeUrl(CDS)
        .setNode(Node.newBuilder().setId("envoy-d")).putInitialResourceVersions("c", "h1")
        .build());

    assertThat(tracker.proxies().get(0).acked()).containsEntry(XdsType.CLUSTER, "c7");
  }

  @Test
  void everyAnswerIsReportedWithTheVersionTheProxyRanBefore() {
    List<ProxyAnswer> answers = new java.util.ArrayList<>();
    tracker.onAnswer(answers::add);
    tracker.onStreamOpen(1, null);
    tracker.onV3StreamRequest(1, request(CDS, "", "", "envoy-a"));
    respond(1, CDS, "c1", "n1");
    tracker.onV3StreamRequest(1, request(CDS, "c1", "n1", null));
    respond(1, CDS, "c2", "n2");
    tracker.onV3StreamRequest(1, request(CDS, "c1", "n2", null).toBuilder()
        .setErrorDetail(Status.newBuilder().setMessage("bad")).build());

    assertThat(answers).containsExactly(
        new ProxyAnswer("envoy-a", XdsType.CLUSTER, "c1", null, false, null),
        new ProxyAnswer("envoy-a", XdsType.CLUSTER, "c2", "c1", true, "bad"));
  }

  @Test
  void aRouteVersionRefusedOnceANewNameIsAskedForNamesWhatWasAsked() {
    List<ProxyAnswer> answers = new java.util.ArrayList<>();
    tracker.onAnswer(answers::add);
    tracker.onStreamOpen(1, null);
    DiscoveryRequest askA = request(RDS, "", "", "envoy-a").toBuilder()
        .addResourceNames("shop/a").build();
    tracker.onV3StreamRequest(1, askA);
    tracker.onV3StreamResponse(1, askA, DiscoveryResponse.newBuilder().setTypeUrl(RDS)
        .setVersionInfo("r1").setNonce("n1").build());
    // takes r1, and asks for a new Service's routes too: the same version comes back
    DiscoveryRequest askAB = request(RDS, "r1", "n1", null).toBuilder()
        .addResourceNames("shop/a").addResourceNames("shop/b").build();
    tracker.onV3StreamRequest(1, askAB);
    tracker.onV3StreamResponse(1, askAB, DiscoveryResponse.newBuilder().setTypeUrl(RDS)
        .setVersionInfo("r1").setNonce("n2").build());
    tracker.onV3StreamRequest(1, request(RDS, "r1", "n2", null).toBuilder()
        .addResourceNames("shop/a").addResourceNames("shop/b")
        .setErrorDetail(Status.newBuilder().setMessage("bad regex")).build());

    assertThat(answers).last().isEqualTo(new ProxyAnswer("envoy-a", XdsType.ROUTE, "r1", "r1",
        true, "bad regex", java.util.Set.of("shop/b")));
  }

  @Test
  void aRouteVersionTakenForOtherServicesDoesNotRunANewServicesPolicy() {
    tracker.onStreamOpen(1, null);
    tracker.onV3StreamRequest(1, request(CDS, "", "", "envoy-a"));
    DiscoveryRequest askA = request(RDS, "", "", null).toBuilder().addResourceNames("shop/a")
        .build();
    tracker.onV3StreamRequest(1, askA);
    tracker.onV3StreamResponse(1, askA, DiscoveryResponse.newBuilder().setTypeUrl(RDS)
        .setVersionInfo("r1").setNonce("nr1").build());
    DiscoveryRequest askAB = request(RDS, "r1", "nr1", null).toBuilder()
        .addResourceNames("shop/a").addResourceNames("shop/b").build();
    tracker.onV3StreamRequest(1, askAB);

    ProxyState proxy = tracker.proxies().get(0);
    assertThat(proxy.tookRoutes("shop/a")).isTrue();
    assertThat(proxy.tookRoutes("shop/b")).as("asked for, not yet taken").isFalse();

    tracker.onV3StreamResponse(1, askAB, DiscoveryResponse.newBuilder().setTypeUrl(RDS)
        .setVersionInfo("r1").setNonce("nr2").build());
    tracker.onV3StreamRequest(1, request(RDS, "r1", "nr2", null).toBuilder()
        .addResourceNames("shop/a").addResourceNames("shop/b").build());

    assertThat(tracker.proxies().get(0).tookRoutes("shop/b")).isTrue();
  }
}
