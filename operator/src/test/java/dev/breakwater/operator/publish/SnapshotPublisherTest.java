package dev.breakwater.operator.publish;

import dev.breakwater.operator.xds.AckTracker;
import dev.breakwater.operator.xds.ScopedRoutesServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breakwater.operator.state.ClusterStateStore;
import dev.breakwater.operator.state.PolicyEntry;
import dev.breakwater.operator.state.PolicyKey;
import dev.breakwater.xds.read.ObjectReader;
import dev.breakwater.xds.model.ClusterState;
import dev.breakwater.xds.policies.circuitbreaker.CircuitBreakerPolicyKind;
import dev.breakwater.xds.policies.healthcheck.HealthCheckKind;
import dev.breakwater.xds.snapshot.SnapshotFactory;
import dev.breakwater.xds.Translator;
import dev.breakwater.xds.envoy.EnvoyOptions;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SnapshotPublisherTest {

  private final ClusterStateStore store = new ClusterStateStore();
  private final SimpleCache<String> cache = new SimpleCache<>(NodeGroups.SINGLE);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<Published> published = new CopyOnWriteArrayList<>();
  private final AtomicBoolean failing = new AtomicBoolean();
  private SnapshotPublisher publisher;

  private SnapshotPublisher publisher(Duration window) {
    Translator real = new Translator(EnvoyOptions.DEFAULTS);
    publisher = new SnapshotPublisher(store, new IsolatingTranslator(state -> {
      if (failing.get()) {
        throw new IllegalStateException("translation down");
      }
      return real.translate(state);
    }), new SnapshotFactory(), cache, new ScopedRoutesServer(List.of(new AckTracker(registry))),
        new SnapshotHistory(), registry, window,
        Clock.systemUTC());
    publisher.onPublished(published::add);
    return publisher;
  }

  @AfterEach
  void close() {
    publisher.close();
  }

  /** The payments example, read the way the operator reads objects. */
  private void loadPayments() throws Exception {
    ClusterState state = new ObjectReader().readAll(ObjectReader
        .parseDocuments(Files.readString(Path.of("..", "examples", "payments.yaml"))));
    state.services().forEach(store::putService);
    state.endpointSlices().forEach(store::putEndpointSlice);
    state.policies().forEach(p -> store.putPolicy(PolicyEntry.valid(p)));
  }

  private Snapshot served() {
    return cache.getSnapshot(NodeGroups.SINGLE.hash(Node.newBuilder().setId("any").build()));
  }

  @Test
  void nothingIsPublishedBeforeStartThenOneSnapshotForEveryNode() throws Exception {
    publisher(Duration.ofMillis(100));
    loadPayments();
    assertThat(served()).isNull();

    publisher.start();

    await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 1);
    assertThat(served().resources(ResourceType.CLUSTER)).containsKey("default/payments/8080");
    assertThat(cache.getSnapshot("breakwater")).isSameAs(served());
    assertThat(published.get(0).policies()).allMatch(TranslatedPolicy::accepted);
    assertThat(registry.get("breakwater.xds.snapshot.publish").timer().count()).isEqualTo(1);
  }

  @Test
  void aBurstOfChangesIsOnePublish() throws Exception {
    publisher(Duration.ofMillis(300));
    publisher.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 1);

    loadPayments(); // several store changes in a row

    await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 2);
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
        .until(() -> published.size() == 2);
    assertThat(published.get(1).policies()).hasSize(2);
  }

  @Test
  void aFailedTranslationKeepsTheLastGoodSnapshotServed() throws Exception {
    publisher(Duration.ofMillis(50));
    loadPayments();
    publisher.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 1);
    Snapshot good = served();

    failing.set(true);
    store.removePolicy(new PolicyKey(CircuitBreakerPolicyKind.NAME, "default", "payments"));

    await().atMost(Duration.ofSeconds(5)).until(() ->
        registry.get("breakwater.xds.snapshot.publish.failures").counter().count() == 1);
    assertThat(served()).isSameAs(good);
    assertThat(publisher.latest()).contains(published.get(0));

    failing.set(false);
    publisher.requestPublish();
    await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 2);
    assertThat(published.get(1).policies()).extracting(p -> p.key().kind())
        .containsExactly(HealthCheckKind.NAME);
  }

  @Test
  void anIdenticalWriteToTheStoreDoesNotPublish() throws Exception {
    publisher(Duration.ofMillis(50));
    loadPayments();
    publisher.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 1);

    loadPayments(); // informer resync: same objects again

    await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2))
        .until(() -> published.size() == 1);
  }
}
