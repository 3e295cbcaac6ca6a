package dev.breakwater.operator.kinds.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.breakwater.operator.publish.Published;
import dev.breakwater.operator.publish.TranslatedPolicy;
import dev.breakwater.operator.state.PolicyKey;
import dev.breakwater.operator.stats.StatsView;
import dev.breakwater.operator.status.EndpointCheckResult;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.model.PolicyMeta;
import dev.breakwater.xds.model.PolicyTarget;
import dev.breakwater.xds.policies.healthcheck.HealthCheckKind;
import dev.breakwater.xds.policies.healthcheck.HealthCheckSettings;
import dev.breakwater.xds.translate.PolicyCondition;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which endpoints the operator checks itself, and how often: real HTTP endpoints on 127.0.0.1, the
 * published snapshot and the proxies' per-endpoint health as the status sync sees them.
 */
class OperatorEndpointChecksTest {
  private static final String C = "shop/api/80";
  private static final PolicyKey KEY = new PolicyKey(HealthCheckKind.NAME, "shop", "hc");
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final Duration INTERVAL = Duration.ofSeconds(20);
  /** Generous: a loaded machine must not turn the endpoints' 503 into a timeout. */
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final TestClock clock = new TestClock();
  private final Map<String, List<Double>> gauges = new ConcurrentHashMap<>();
  private final HttpServer published = server();
  private final HttpServer unpublished = server();
  private final AtomicInteger publishedChecks = new AtomicInteger();
  private final AtomicInteger unpublishedChecks = new AtomicInteger();
  private volatile boolean notReadyInEds;
  private final OperatorEndpointChecks checks = new OperatorEndpointChecks(
      () -> Optional.of(snapshot(published.getAddress().getPort(), notReadyInEds)),
      () -> new StatsView(gauges, Map.of(), Map.of(), clock.instant()), clock);

  OperatorEndpointChecksTest() {
    count(published, publishedChecks);
    count(unpublished, unpublishedChecks);
  }

  @AfterEach
  void stop() {
    checks.close();
    published.stop(0);
    unpublished.stop(0);
  }

  @Test
  void checksOnlyPublishedEndpointsEnvoyReportsUnhealthyAtMostOncePerInterval() {
    String failing = "127.0.0.1:" + published.getAddress().getPort();
    gauges.put(EndpointHealthStats.name(C, failing), List.of(1.0, 0.0));
    // an address some stat names but the operator never published for this cluster
    gauges.put(EndpointHealthStats.name(C, "127.0.0.1:" + unpublished.getAddress().getPort()),
        List.of(0.0));

    checks.tick();
    await().atMost(Duration.ofSeconds(10)).until(() -> checks.results(KEY).containsKey(failing));
    Instant first = clock.instant();
    clock.advance(INTERVAL.dividedBy(2));
    checks.tick();
    clock.advance(INTERVAL.dividedBy(2));
    checks.tick();
    await().atMost(Duration.ofSeconds(10)).until(() -> publishedChecks.get() == 2);

    assertThat(checks.results(KEY)).containsExactly(
        Map.entry(failing, new EndpointCheckResult(false, "503", first)));
    assertThat(unpublishedChecks.get()).isZero();
    assertThat(checks.notReady(KEY)).isEmpty();
  }

  @Test
  void anEndpointItsEndpointSliceMarksNotReadyIsNamedAndStillChecked() {
    String endpoint = "127.0.0.1:" + published.getAddress().getPort();
    gauges.put(EndpointHealthStats.name(C, endpoint), List.of(0.0));
    notReadyInEds = true;

    checks.tick();
    await().atMost(Duration.ofSeconds(10)).until(() -> checks.results(KEY).containsKey(endpoint));

    assertThat(checks.notReady(KEY)).containsExactly(endpoint);
  }

  @Test
  void anEndpointBackInRotationIsNoLongerCheckedNorReported() {
    String endpoint = "127.0.0.1:" + published.getAddress().getPort();
    gauges.put(EndpointHealthStats.name(C, endpoint), List.of(0.0));
    checks.tick();
    await().atMost(Duration.ofSeconds(10)).until(() -> checks.results(KEY).containsKey(endpoint));

    gauges.put(EndpointHealthStats.name(C, endpoint), List.of(1.0));
    clock.advance(INTERVAL);
    checks.tick();

    assertThat(checks.results(KEY)).isEmpty();
    assertThat(publishedChecks.get()).isEqualTo(1);
  }

  private static Published snapshot(int port, boolean notReady) {
    ClusterLoadAssignment assignment = ClusterLoadAssignment.newBuilder().setClusterName(C)
        .addEndpoints(LocalityLbEndpoints.newBuilder().addLbEndpoints(LbEndpoint.newBuilder()
            .setHealthStatus(notReady ? HealthStatus.UNHEALTHY : HealthStatus.HEALTHY)
            .setEndpoint(Endpoint.newBuilder().setAddress(Address.newBuilder().setSocketAddress(
                SocketAddress.newBuilder().setAddress("127.0.0.1").setPortValue(port))))))
        .build();
    Cluster cluster = Cluster.newBuilder().setName(C).build();
    Snapshot snapshot = Snapshot.create(List.of(cluster), List.of(assignment), List.of(),
        List.of(), List.of(), "1");
    Policy policy = new Policy(new PolicyMeta(HealthCheckKind.NAME, "shop", "hc", 1, null),
        PolicyTarget.service("api", 80), new HealthCheckSettings(
            new HealthCheckSettings.Http("/health", List.of(200)), null, null,
            INTERVAL, TIMEOUT, 2, 3, true, null, null));
    TranslatedPolicy translated = new TranslatedPolicy(KEY, 1, policy,
        List.of(PolicyCondition.isTrue(PolicyCondition.ACCEPTED, "Accepted", "")), List.of(C));
    return new Published(1, snapshot, List.of(), List.of(translated), Instant.EPOCH);
  }

  private static HttpServer server() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
      server.start();
      return server;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void count(HttpServer server, AtomicInteger checks) {
    server.createContext("/health", exchange -> {
      checks.incrementAndGet();
      exchange.sendResponseHeaders(503, -1);
      exchange.close();
    });
  }

  private static final class TestClock extends Clock {
    private volatile Instant now = Instant.parse("2025-03-01T10:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }
}
