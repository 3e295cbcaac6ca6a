package dev.breakwater.operator.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.metrics.v3.MetricsServiceGrpc;
import io.envoyproxy.envoy.service.metrics.v3.StreamMetricsMessage;
import io.prometheus.client.Metrics.Bucket;
import io.prometheus.client.Metrics.Gauge;
import io.prometheus.client.Metrics.Histogram;
import io.prometheus.client.Metrics.Metric;
import io.prometheus.client.Metrics.MetricFamily;
import io.prometheus.client.Metrics.MetricType;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

class KeptStatsMarshallerTest {

  private final KeptStatsMarshaller marshaller =
      new KeptStatsMarshaller(MetricsServiceGrpc.getStreamMetricsMethod().getRequestMarshaller());

  @Test
  void aFlushKeepsItsIdentifierAndTheFamiliesTheOperatorReadsAndDropsTheRest() {
    MetricFamily ejections = gauge("cluster.shop/api/80.outlier_detection.ejections_active", 2);
    MetricFamily uptime = gauge("server.uptime", 31);
    StreamMetricsMessage flush = StreamMetricsMessage.newBuilder()
        .setIdentifier(StreamMetricsMessage.Identifier.newBuilder()
            .setNode(Node.newBuilder().setId("gateway-1")))
        .addEnvoyMetrics(ejections)
        .addEnvoyMetrics(gauge("cluster.shop/api/80.upstream_rq_total", 900))
        .addEnvoyMetrics(MetricFamily.newBuilder().setName("cluster.shop/api/80.upstream_rq_time")
            .setType(MetricType.HISTOGRAM).addMetric(Metric.newBuilder().setHistogram(
                Histogram.newBuilder().setSampleCount(3).addBucket(Bucket.newBuilder()
                    .setUpperBound(5).setCumulativeCount(3)))))
        .addEnvoyMetrics(uptime)
        .build();

    StreamMetricsMessage read = marshaller.parse(new ByteArrayInputStream(flush.toByteArray()));

    assertThat(read.getIdentifier().getNode().getId()).isEqualTo("gateway-1");
    assertThat(read.getEnvoyMetricsList()).containsExactly(ejections, uptime);
    assertThat(MetricsSink.samples(read.getEnvoyMetricsList()))
        .isEqualTo(MetricsSink.samples(flush.getEnvoyMetricsList()));
  }

  private static MetricFamily gauge(String name, double value) {
    return MetricFamily.newBuilder().setName(name).setType(MetricType.GAUGE)
        .addMetric(Metric.newBuilder().setGauge(Gauge.newBuilder().setValue(value))).build();
  }
}
