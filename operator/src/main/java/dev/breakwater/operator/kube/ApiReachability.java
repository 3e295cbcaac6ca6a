package dev.breakwater.operator.kube;

import dev.breakwater.operator.publish.Scheduler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the operator's view of the cluster is current: every informer watching. Readiness
 * does not depend on it (xDS keeps serving the last snapshot); it is the gauge
 * {@code breakwater_kubernetes_api_reachable} and one log line per change.
 */
public final class ApiReachability implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApiReachability.class);
  private static final Duration EVERY = Duration.ofSeconds(2);

  private final BooleanSupplier watching;
  private final String url;
  private final ScheduledExecutorService executor;
  private volatile boolean reachable = true;

  public ApiReachability(BooleanSupplier watching, String url, MeterRegistry registry) {
    this.watching = watching;
    this.url = url;
    Gauge.builder("breakwater.kubernetes.api.reachable", this, r -> r.reachable ? 1 : 0)
        .description("1 while every informer watches the API server, 0 while the operator "
            + "serves the last snapshot it could build")
        .register(registry);
    executor = Scheduler.daemonThread("breakwater-api-reachability");
  }

  public ApiReachability start() {
    executor.scheduleWithFixedDelay(this::check, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  public boolean reachable() {
    return reachable;
  }

  private void check() {
    boolean now;
    try {
      now = watching.getAsBoolean();
    } catch (RuntimeException e) {
      now = false;
    }
    if (now != reachable) {
      if (now) {
        LOG.info("watching the Kubernetes API server at {} again: changes flow to the proxies",
            url);
      } else {
        LOG.warn("lost the watch on the Kubernetes API server at {}: still serving xDS from the "
            + "last snapshot; status and probes wait; reconnecting with back-off", url);
      }
      reachable = now;
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
