package dev.breakwater.operator.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the Kubernetes API server answers, asked with one quick request that is not retried
 * (the operator's own client retries each request for a long time, which would hide the answer).
 */
public final class ApiServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

  private final KubernetesClient probe;
  private final String url;

  public ApiServer(KubernetesClient client) {
    Config config = new ConfigBuilder(client.getConfiguration())
        .withRequestRetryBackoffLimit(0)
        .withConnectionTimeout((int) PROBE_TIMEOUT.toMillis())
        .withRequestTimeout((int) PROBE_TIMEOUT.toMillis())
        .build();
    this.probe = new KubernetesClientBuilder().withConfig(config).build();
    this.url = client.getMasterUrl().toString();
  }

  /** Null when the API server answered; otherwise why not. */
  public String problem() {
    try {
      probe.getKubernetesVersion();
      return null;
    } catch (RuntimeException e) {
      Throwable cause = e;
      while (cause.getCause() != null && cause.getCause() != cause) {
        cause = cause.getCause();
      }
      return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
  }

  /**
   * Returns once the API server answers, waiting with back-off (1 s doubling to 5 s: one cheap
   * request, and an API server that is back is noticed within seconds) and saying so at every
   * attempt; false when interrupted.
   */
  public boolean awaitReachable(String purpose) {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5));
    for (int attempt = 1; ; attempt++) {
      String problem = problem();
      if (problem == null) {
        if (attempt > 1) {
          LOG.info("Kubernetes API server at {} answers again after {} attempts", url, attempt);
        }
        return true;
      }
      Duration wait = backoff.next();
      LOG.warn("waiting for the Kubernetes API server at {} to {} (attempt {}, next in {} s): {}",
          url, purpose, attempt, wait.toSeconds(), problem);
      try {
        Thread.sleep(wait.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  public String url() {
    return url;
  }

  @Override
  public void close() {
    probe.close();
  }
}
