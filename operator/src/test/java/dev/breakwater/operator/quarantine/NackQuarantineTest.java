package dev.breakwater.operator.quarantine;

import dev.breakwater.operator.xds.XdsType;
import static org.assertj.core.api.Assertions.assertThat;

import dev.breakwater.operator.publish.IsolatingTranslator;
import dev.breakwater.operator.publish.Published;
import dev.breakwater.operator.publish.TranslatedPolicy;
import dev.breakwater.operator.publish.TranslationOutcome;
import dev.breakwater.operator.state.ClusterStateStore;
import dev.breakwater.operator.state.PolicyEntry;
import dev.breakwater.operator.state.PolicyKey;
import dev.breakwater.operator.xds.ProxyAnswer;
import dev.breakwater.xds.Translation;
import dev.breakwater.xds.envoy.XdsResources;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.model.PolicyMeta;
import dev.breakwater.xds.model.PolicyTarget;
import dev.breakwater.xds.policies.circuitbreaker.CircuitBreakerPolicyKind;
import dev.breakwater.xds.policies.circuitbreaker.CircuitBreakerSettings;
import dev.breakwater.xds.translate.PolicyCondition;
import dev.breakwater.xds.translate.PolicyResult;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The quarantine against a simulated proxy that refuses any route configuration carrying a
 * "bad" policy at generation 2 and takes everything else; publishes run synchronously.
 */
class NackQuarantineTest {

  private final ClusterStateStore store = new ClusterStateStore();
  private final Proxy proxy = new Proxy();
  private boolean publishRequested;
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final NackQuarantine quarantine = new NackQuarantine(() -> publishRequested = true,
      registry, new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      });
  private List<Policy> served = List.of();
  private final QuarantiningTranslator translator = new QuarantiningTranslator(
      new IsolatingTranslator(state -> {
        served = state.policies();
        return translate(state);
      }), quarantine);
  private long index;
  private Published latest;

  static Policy breaker(String name, long generation) {
    return new Policy(new PolicyMeta(CircuitBreakerPolicyKind.NAME, "shop", name, generation,
        null), PolicyTarget.service(name, 80), new CircuitBreakerSettings(null,
        (int) generation + 4, null, null, null, null, null, 10, null, null,
        CircuitBreakerSettings.Limits.NONE));
  }

  static PolicyKey key(String name) {
    return new PolicyKey(CircuitBreakerPolicyKind.NAME, "shop", name);
  }

  /** Accepts every policy; its resources are not looked at (the proxy judges the models). */
  static Translation translate(dev.breakwater.xds.model.ClusterState state) {
    return new Translation(XdsResources.EMPTY, state.policies().stream()
        .map(p -> new PolicyResult(p.meta(),
            List.of(PolicyCondition.isTrue(PolicyCondition.ACCEPTED, "Accepted", "ok")),
            List.of("shop/" + p.meta().name() + "/80")))
        .toList());
  }

  /** Envoy, as far as routes go: takes a version unless it carries a bad generation 2. */
  final class Proxy {
    String acked;
    /** The version its open watch is at: the last one it took, or refused. */
    String watching;
    int nacks;
    boolean gone;
    /** Takes a version for the Services it has, then asks for a new one's (scoped routes). */
    boolean asksForNewServicesLater;
    List<String> running = List.of();
    /** Policies it ran and then ran no more. */
    final java.util.Set<String> dropped = new java.util.TreeSet<>();

    void offer(String version, List<Policy> served) {
      if (version.equals(watching)) {
        return; // the server sends only a version other than the watch's (RejectedVersionHold)
      }
      watching = version;
      if (gone) {
        return;
      }
      boolean bad = served.stream().anyMatch(p -> p.meta().name().startsWith("bad")
          && p.meta().generation() == 2);
      String before = acked;
      java.util.Set<String> asked = java.util.Set.of();
      if (bad && asksForNewServicesLater) {
        take(version, served.stream().filter(p -> !p.meta().name().startsWith("bad")).toList(),
            before);
        before = version;
        asked = served.stream().filter(p -> p.meta().name().startsWith("bad"))
            .map(p -> "shop/" + p.meta().name()).collect(Collectors.toSet());
      }
      if (bad) {
        nacks++;
        quarantine.onAnswer(new ProxyAnswer("envoy-a", XdsType.ROUTE, version, before, true,
            "Error adding/updating listener(s): regex error: missing ): name: \"shop/x\"\nhuge",
            asked));
      } else {
        take(version, served, before);
      }
    }

    private void take(String version, List<Policy> served, String before) {
      acked = version;
      List<String> names = served.stream().map(p -> p.meta().name()).toList();
      running.stream().map(r -> r.substring(0, r.indexOf('@')))
          .filter(n -> !names.contains(n)).forEach(dropped::add);
      running = served.stream().map(p -> p.meta().name() + "@" + p.meta().generation())
          .sorted().toList();
      quarantine.onAnswer(new ProxyAnswer("envoy-a", XdsType.ROUTE, version, before, false,
          null));
    }
  }

  /** One publish, as SnapshotPublisher does it, then the proxy's answer; again while asked. */
  private void publish() {
    publishRequested = true;
    int rounds = 0;
    while (publishRequested) {
      publishOnce();
      assertThat(++rounds).as("publish rounds").isLessThan(50);
    }
  }

  private void publishOnce() {
    {
      publishRequested = false;
      TranslationOutcome outcome = translator.translate(store.view());
      String routes = "r" + served.stream().map(p -> p.meta().name() + p.meta().generation())
          .sorted().collect(Collectors.joining(","));
      Snapshot snapshot = Snapshot.create(List.of(), "c", List.of(), "e", List.of(), "l",
          List.of(), routes, List.of(), "s");
      latest = new Published(++index, snapshot, List.of(), outcome.policies(), Instant.now());
      quarantine.onServing(latest);
      proxy.offer(routes, served);
    }
  }

  private void put(String name, long generation) {
    store.putPolicy(PolicyEntry.valid(breaker(name, generation)));
  }

  private TranslatedPolicy outcome(String name) {
    return latest.policy(key(name)).orElseThrow();
  }

  @Test
  void aLoneRefusedChangeIsSetAsideWithOneNackAndTheProxyKeepsTheOldGeneration() {
    put("api", 1);
    put("bad", 1);
    publish();
    assertThat(proxy.nacks).isZero();

    put("bad", 2);
    publish();

    assertThat(proxy.nacks).isEqualTo(1);
    assertThat(proxy.running).containsExactly("api@1", "bad@1");
    PolicyCondition accepted = outcome("bad").conditions().get(0);
    assertThat(accepted.status()).isEqualTo(PolicyCondition.Status.False);
    assertThat(accepted.reason()).isEqualTo("Rejected");
    assertThat(accepted.message()).contains("proxy envoy-a", "generation 2",
        "regex error: missing )", "proxies keep running generation 1").doesNotContain("huge");
    assertThat(outcome("bad").generation()).isEqualTo(2);
    assertThat(outcome("api").accepted()).isTrue();
    assertThat(quarantine.rejections()).containsOnlyKeys(key("bad"));
  }

  @Test
  void severalChangesAreBisectedAndEveryGoodOneReachesTheProxy() {
    List<String> names = IntStream.range(0, 15).mapToObj(i -> "p" + (char) ('a' + i))
        .collect(Collectors.toCollection(ArrayList::new));
    names.add("bad");
    names.forEach(n -> put(n, 1));
    publish();

    names.forEach(n -> put(n, 2));
    publish();

    assertThat(proxy.running).hasSize(16).contains("bad@1")
        .containsAll(names.stream().filter(n -> !n.equals("bad")).map(n -> n + "@2").toList());
    assertThat(proxy.nacks).as("NACKs to find 1 culprit among 16 changes").isLessThanOrEqualTo(5);
    assertThat(quarantine.rejections()).containsOnlyKeys(key("bad"));
    assertThat(names.stream().filter(n -> !n.equals("bad")).map(this::outcome))
        .allMatch(TranslatedPolicy::accepted).allMatch(p -> p.generation() == 2);
  }

  @Test
  void twoRefusedChangesAmongOthersAreBothSetAside() {
    List.of("a", "b", "c", "bad1", "d", "bad2", "e").forEach(n -> put(n, 1));
    publish();

    List.of("a", "b", "c", "bad1", "d", "bad2", "e").forEach(n -> put(n, 2));
    publish();

    assertThat(quarantine.rejections()).containsOnlyKeys(key("bad1"), key("bad2"));
    assertThat(proxy.running).containsExactly("a@2", "b@2", "bad1@1", "bad2@1", "c@2", "d@2",
        "e@2");
    assertThat(proxy.nacks).isLessThanOrEqualTo(6);
  }

  @Test
  void aNewPolicyTheProxyRefusesIsNotServedAndAFixComesBackByItself() {
    put("api", 1);
    publish();
    put("bad", 2); // new, and refused
    publish();
    assertThat(proxy.running).containsExactly("api@1");
    assertThat(outcome("bad").conditions().get(0).message()).contains("nothing of it is served");

    put("bad", 3); // fixed
    publish();

    assertThat(proxy.running).containsExactly("api@1", "bad@3");
    assertThat(outcome("bad").accepted()).isTrue();
    assertThat(quarantine.rejections()).isEmpty();
    assertThat(proxy.nacks).isEqualTo(1);
  }

  @Test
  void aVersionTakenForTheOldServicesThenRefusedForANewOneSetsAsideOnlyTheNewPolicy() {
    List.of("a", "b", "c", "d").forEach(n -> put(n, 1));
    publish();
    proxy.asksForNewServicesLater = true;

    put("a", 2);
    put("bad", 2);
    publish();

    assertThat(quarantine.rejections()).containsOnlyKeys(key("bad"));
    assertThat(proxy.nacks).isEqualTo(1);
    assertThat(proxy.dropped).as("policies the proxy stopped running").isEmpty();
    assertThat(proxy.running).containsExactly("a@2", "b@1", "c@1", "d@1");
  }

  @Test
  void aRefusalRepeatedAfterAPublishThatStillCarriedItSetsNothingAsideAgain() {
    put("api", 1);
    publish();
    String running = proxy.acked;
    put("bad", 2);
    translator.translate(store.view()); // translated with bad@2 ...
    serve("rapi1,bad2");
    quarantine.onAnswer(new ProxyAnswer("envoy-a", XdsType.ROUTE, "rapi1,bad2", running, true,
        "regex error: missing )"));
    assertThat(quarantine.rejections()).containsOnlyKeys(key("bad"));
    publishRequested = false;

    serve("rapi1,bad2"); // ... and a second publish of that translation lands after the set-aside
    quarantine.onAnswer(new ProxyAnswer("envoy-a", XdsType.ROUTE, "rapi1,bad2", running, true,
        "regex error: missing )")); // Envoy repeats its NACK with its next request

    assertThat(registry.get("breakwater.policies.rejected.by.proxies").counter().count())
        .as("policies set aside").isEqualTo(1);
    assertThat(publishRequested).isFalse();
  }

  private void serve(String routes) {
    quarantine.onServing(new Published(++index, Snapshot.create(List.of(), "c", List.of(), "e",
        List.of(), "l", List.of(), routes, List.of(), "s"), List.of(), List.of(), Instant.now()));
  }

  @Test
  void aNackOfAVersionAlreadyReplacedIsLeftToTheNewerOne() {
    put("api", 1);
    publish();
    String old = proxy.acked;
    put("api", 3);
    publish();

    quarantine.onAnswer(new ProxyAnswer("envoy-b", XdsType.ROUTE, old, null, true, "late"));

    assertThat(publishRequested).isFalse();
    assertThat(quarantine.rejections()).isEmpty();
  }

  @Test
  void aDeletedPolicyLeavesTheQuarantine() {
    put("bad", 1);
    publish();
    put("bad", 2);
    publish();
    assertThat(quarantine.rejections()).containsKey(key("bad"));

    store.removePolicy(key("bad"));
    publish();

    assertThat(quarantine.rejections()).isEmpty();
    assertThat(proxy.running).isEmpty();
    assertThat(latest.policies()).isEmpty();
  }

  @Test
  void heldChangesComeBackWhenTheProxyStopsAnswering() {
    List.of("a", "b", "bad", "c").forEach(n -> put(n, 1));
    publish();
    List.of("a", "b", "bad", "c").forEach(n -> put(n, 2));
    proxy.gone = false;
    publishOnce();
    proxy.gone = true; // refuses this one, then goes away before the trial is answered
    publishOnce();
    assertThat(served).hasSize(4).anyMatch(p -> p.meta().generation() == 1);

    now = now.plus(NackQuarantine.TRIAL_TIMEOUT).plusSeconds(1);
    quarantine.tick();
    assertThat(publishRequested).isTrue();
    publishOnce();

    assertThat(served).allMatch(p -> p.meta().generation() == 2);
  }

  @Test
  void envoysProtoDumpIsCutFromTheMessage() {
    assertThat(EnvoyMessages.shorten("Proto constraint validation failed (ClusterValidationError"
        + ".ConnectTimeout: value must be greater than 0s): name: \"x\"\nconnect_timeout {}"))
        .isEqualTo("Proto constraint validation failed (ClusterValidationError.ConnectTimeout:"
            + " value must be greater than 0s)");
    assertThat(EnvoyMessages.shorten("name: \"ns/r0/80\"\ntype: EDS\nconnect_timeout {\n}\n"
        + ": Proto constraint validation failed (ClusterValidationError.ConnectTimeout: value"
        + " must be greater than 0s)"))
        .isEqualTo("Proto constraint validation failed (ClusterValidationError.ConnectTimeout:"
            + " value must be greater than 0s)");
    assertThat(EnvoyMessages.shorten("missing ): (")).isEqualTo("missing ): (");
    assertThat(EnvoyMessages.shorten("x".repeat(2000))).hasSize(EnvoyMessages.MAX);
  }
}
