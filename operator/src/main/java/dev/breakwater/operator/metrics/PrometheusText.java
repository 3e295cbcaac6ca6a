package dev.breakwater.operator.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code /metrics} in the Prometheus text format, without the {@code *_max} gauges Micrometer
 * adds to every timer: the largest sample of a decaying window that no dashboard or alert of
 * ours reads, one more series per timer (JOSDK's included) for nothing.
 */
public final class PrometheusText {

  public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
  private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

  private final PrometheusMeterRegistry registry;

  public PrometheusText(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  public String scrape() {
    MetricSnapshots snapshots = registry.getPrometheusRegistry()
        .scrape(name -> !name.endsWith("_max"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      WRITER.write(out, snapshots);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
