package dev.breakwater.operator.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OtlpMetricsSinkTest {
  private static final String A = "cluster.shop/api/80.endpoint.10.0.0.1_8080.healthy";
  private static final String B = "cluster.shop/api/80.endpoint.10.0.0.2_8080.healthy";

  private final ProxyStatsStoreTest.MutableClock clock = new ProxyStatsStoreTest.MutableClock();
  private final ProxyStatsStore store = new ProxyStatsStore(clock);
  private final OtlpMetricsSink sink = new OtlpMetricsSink(store, clock);

  @AfterEach
  void close() {
    sink.close();
  }

  private static ExportMetricsServiceRequest export(String node, Map<String, Integer> gauges) {
    ScopeMetrics.Builder scope = ScopeMetrics.newBuilder();
    gauges.forEach((name, value) -> scope.addMetrics(Metric.newBuilder().setName(name)
        .setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder().setAsInt(value)))));
    // what the bootstrap folds every other stat into
    scope.addMetrics(Metric.newBuilder().setName("breakwater.unread")
        .setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder().setAsInt(7))));
    return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
        .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder()
            .setKey(OtlpMetricsSink.NODE_ATTRIBUTE)
            .setValue(AnyValue.newBuilder().setStringValue(node))))
        .addScopeMetrics(scope)).build();
  }

  @Test
  void keepsPerEndpointHealthPerProxyAndEachExportReplacesThatProxysLast() {
    // two pods of one gateway share the bootstrap's node id: their addresses tell them apart
    sink.accept(export("gateway", Map.of(A, 1, B, 0)), "10.1.0.5");
    sink.accept(export("gateway", Map.of(A, 0)), "10.1.0.6");
    assertThat(store.view().gauge(A)).containsExactlyInAnyOrder(1.0, 0.0);
    assertThat(store.view().reports("breakwater.unread")).isFalse();

    sink.accept(export("gateway", Map.of(A, 1)), "10.1.0.5");

    assertThat(store.view().gauge(A)).containsExactlyInAnyOrder(1.0, 0.0);
    assertThat(store.view().reports(B)).as("an endpoint the proxy no longer reports").isFalse();
  }

  @Test
  void aProxyThatStopsExportingIsForgotten() {
    sink.accept(export("gone", Map.of(A, 0)), "10.1.0.5");
    clock.advance(OtlpMetricsSink.EXPIRY.minusSeconds(1));
    sink.expireSilent(clock.instant());
    assertThat(store.view().gauge(A)).containsExactly(0.0);

    clock.advance(Duration.ofSeconds(2));
    sink.expireSilent(clock.instant());

    assertThat(store.view().reports(A)).isFalse();
  }
}
