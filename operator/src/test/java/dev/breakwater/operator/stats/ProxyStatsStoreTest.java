package dev.breakwater.operator.stats;

import dev.breakwater.operator.kinds.circuitbreaker.CircuitBreakerOperatorKind;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProxyStatsStoreTest {

  static final class MutableClock extends Clock {
    Instant now = Instant.parse("2025-01-01T00:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
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

    void advance(Duration d) {
      now = now.plus(d);
    }
  }

  private static final String LIMITED = "breakwater_rl~shop~api~chat.http_local_rate_limit"
      + ".rate_limited";

  private final MutableClock clock = new MutableClock();
  private final ProxyStatsStore store = new ProxyStatsStore(clock);

  private static StatSample counter(String name, double v) {
    return new StatSample(name, true, v);
  }

  private static StatSample uptime(double seconds) {
    return new StatSample(StatNames.SERVER_UPTIME, false, seconds);
  }

  @Test
  void countersBecomeIncreasesBetweenFlushes() {
    store.update("1", "a", List.of(uptime(1), counter(LIMITED, 4)));
    clock.advance(Duration.ofSeconds(2));
    store.update("1", "a", List.of(uptime(3), counter(LIMITED, 10)));

    StatsView view = store.view();
    assertThat(view.total(LIMITED)).as("a fresh proxy's first flush counts").isEqualTo(10);
    assertThat(view.increaseWithin(LIMITED, Duration.ofSeconds(1))).isEqualTo(6);
    assertThat(view.increaseWithin(LIMITED, Duration.ofSeconds(10))).isEqualTo(10);
  }

  @Test
  void aLongRunningProxysFirstFlushIsOnlyTheBaseline() {
    store.update("1", "a", List.of(uptime(3600), counter(LIMITED, 5000)));
    clock.advance(Duration.ofSeconds(2));
    store.update("1", "a", List.of(uptime(3602), counter(LIMITED, 5003)));

    assertThat(store.view().total(LIMITED)).isEqualTo(3);
    assertThat(store.view().reports(LIMITED)).isTrue();
  }

  @Test
  void aCounterThatWentDownMeansEnvoyRestartedAndItsValueIsTheIncrease() {
    store.update("1", "a", List.of(uptime(1), counter(LIMITED, 7)));
    store.update("1", "a", List.of(uptime(2), counter(LIMITED, 2)));

    assertThat(store.view().total(LIMITED)).isEqualTo(9);
  }

  @Test
  void totalsSumOverProxiesAndSurviveAStreamClosing() {
    store.update("1", "a", List.of(uptime(1), counter(LIMITED, 3)));
    store.update("2", "b", List.of(uptime(1), counter(LIMITED, 4)));
    store.remove("1");

    assertThat(store.view().total(LIMITED)).isEqualTo(7);
  }

  @Test
  void gaugesAreKeptPerStreamAndDroppedWithIt() {
    String active = StatNames.cluster("shop/api/80", CircuitBreakerOperatorKind.EJECTIONS_ACTIVE);
    store.update("1", "a", List.of(new StatSample(active, false, 2)));
    store.update("2", "b", List.of(new StatSample(active, false, 1)));
    assertThat(store.view().gauge(active)).containsExactlyInAnyOrder(2.0, 1.0);

    store.remove("1");

    assertThat(store.view().gauge(active)).containsExactly(1.0);
  }

  @Test
  void aGaugeTheNextFlushNoLongerCarriesIsGone() {
    String left = "cluster.shop/api/80.endpoint.10.0.0.7_8080.healthy";
    String stays = "cluster.shop/api/80.endpoint.10.0.0.8_8080.healthy";
    store.update("1", "a", List.of(new StatSample(left, false, 0), new StatSample(stays, false, 1)));

    store.update("1", "a", List.of(new StatSample(stays, false, 1)));

    assertThat(store.view().reports(left)).isFalse();
    assertThat(store.view().gauge(stays)).containsExactly(1.0);
  }

  @Test
  void oldIncreasesArePruned() {
    store.update("1", "a", List.of(uptime(1), counter(LIMITED, 3)));
    clock.advance(ProxyStatsStore.INCREASES_KEPT.plusSeconds(1));
    store.update("1", "a", List.of(uptime(1000), counter(LIMITED, 4)));

    StatsView view = store.view();
    assertThat(view.counterIncreases().get(LIMITED)).hasSize(1);
    assertThat(view.total(LIMITED)).isEqualTo(4);
  }
}
