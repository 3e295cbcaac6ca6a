package dev.breakwater.operator.xds;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.rpc.Status;
import dev.breakwater.operator.TestClock;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What AckTracker tells {@code breakwater proxies}: connection time, ADS flavour, last NACK. */
class ProxyConnectionsTest {

  private static final String CDS = XdsType.CLUSTER.typeUrl();

  private final TestClock clock = new TestClock("2025-03-01T10:00:00Z");
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AckTracker tracker = new AckTracker(registry, clock);
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(AckTracker.class);

  @BeforeEach
  void captureLogs() {
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    logger.detachAppender(logs);
  }

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

  @Test
  void nackCountersExistAtZeroForEveryTypeBeforeAnyProxy() {
    for (XdsType type : XdsType.values()) {
      assertThat(registry.get("breakwater.xds.nacks").tag("type", type.name()).counter()
          .count()).as(type.name()).isZero();
    }
  }

  @Test
  void aSotwProxyShowsWhenItConnectedItsFlavourAndItsLastNackAfterALaterAck() {
    tracker.onStreamOpen(1, null);
    tracker.onV3StreamRequest(1, request(CDS, "", "", "gw-1"));
    respond(1, CDS, "c1", "n1");
    tracker.onV3StreamRequest(1, request(CDS, "c1", "n1", null));
    clock.advance(Duration.ofMinutes(5));
    respond(1, CDS, "c2", "n2");
    tracker.onV3StreamRequest(1, request(CDS, "c1", "n2", null).toBuilder()
        .setErrorDetail(Status.newBuilder().setMessage("bad outlier_detection")).build());

    ProxyConnection rejecting = tracker.connections().get(0);
    assertThat(rejecting.nodeId()).isEqualTo("gw-1");
    assertThat(rejecting.ads()).isEqualTo(ProxyConnection.SOTW);
    assertThat(Instant.ofEpochMilli(rejecting.connectedSinceMillis()))
        .isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
    ProxyConnection.TypeState clusters = rejecting.types().get(XdsType.CLUSTER);
    assertThat(clusters.acked()).isEqualTo("c1");
    assertThat(clusters.rejecting()).isTrue();
    assertThat(clusters.lastNack()).isEqualTo(new ProxyConnection.LastNack("c2",
        "bad outlier_detection", Instant.parse("2025-03-01T10:05:00Z").toEpochMilli()));

    clock.advance(Duration.ofMinutes(1));
    respond(1, CDS, "c3", "n3");
    tracker.onV3StreamRequest(1, request(CDS, "c3", "n3", null));

    ProxyConnection.TypeState recovered = tracker.connections().get(0).types()
        .get(XdsType.CLUSTER);
    assertThat(recovered.acked()).isEqualTo("c3");
    assertThat(recovered.rejecting()).isFalse();
    assertThat(recovered.lastNack().version()).isEqualTo("c2");
  }

  @Test
  void deltaAdsIsReportedAndScopedRoutesDoNotChangeTheFlavour() {
    tracker.onStreamOpen(3, null);
    tracker.onV3StreamDeltaRequest(3, DeltaDiscoveryRequest.newBuilder().setTypeUrl(CDS)
        .setNode(Node.newBuilder().setId("gw-2")).build());
    tracker.onV3StreamDeltaResponse(3, DeltaDiscoveryRequest.getDefaultInstance(),
        DeltaDiscoveryResponse.newBuilder().setTypeUrl(CDS).setSystemVersionInfo("c1")
            .setNonce("d1").build());
    tracker.onV3StreamDeltaRequest(3, DeltaDiscoveryRequest.newBuilder().setTypeUrl(CDS)
        .setResponseNonce("d1").build());
    tracker.onStreamOpen(-1, ScopedRoutesServer.TYPE_URL);
    tracker.onV3StreamRequest(-1, request(ScopedRoutesServer.TYPE_URL, "", "", "gw-2"));

    ProxyConnection p = tracker.connections().get(0);
    assertThat(p.ads()).isEqualTo(ProxyConnection.DELTA);
    assertThat(p.types().get(XdsType.CLUSTER).acked()).isEqualTo("c1");
    assertThat(p.types().get(XdsType.SCOPED_ROUTE).subscribed()).isTrue();
    assertThat(p.types()).doesNotContainKey(XdsType.ROUTE);
  }

  @Test
  void connectAndDisconnectAreLoggedOncePerNodeWithItsId() {
    tracker.onStreamOpen(1, null);
    tracker.onV3StreamRequest(1, request(CDS, "", "", "gw-1"));
    tracker.onStreamOpen(-1, ScopedRoutesServer.TYPE_URL);
    tracker.onV3StreamRequest(-1, request(ScopedRoutesServer.TYPE_URL, "", "", "gw-1"));
    clock.advance(Duration.ofSeconds(90));
    tracker.onStreamClose(-1, ScopedRoutesServer.TYPE_URL);
    tracker.onStreamCloseWithError(1, null, new RuntimeException("reset"));

    assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly("proxy gw-1 connected", "proxy gw-1 disconnected after 90s");
    assertThat(tracker.connections()).isEmpty();
  }
}
