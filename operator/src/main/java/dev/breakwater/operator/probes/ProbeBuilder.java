package dev.breakwater.operator.probes;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakwater.xds.policies.healthcheck.HealthCheckSettings;
import java.time.Duration;

/**
 * A Kubernetes probe equivalent to a HealthCheck: same check (HTTP GET path, TCP connect or gRPC
 * health), period = interval, timeout, thresholds. Built as JSON holding exactly the fields the
 * operator sets, so a server-side apply claims nothing more and a comparison ignores the
 * API server's defaults.
 */
public final class ProbeBuilder {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** @param port the container port, by name when the Service targets it by name */
  public ObjectNode build(HealthCheckSettings spec, ProbeKind kind, ContainerPort port) {
    ObjectNode probe = JSON.objectNode();
    if (spec.http() != null) {
      ObjectNode http = probe.putObject("httpGet");
      http.put("path", spec.http().path() == null ? "/" : spec.http().path());
      putPort(http, port);
    } else if (spec.grpc() != null) {
      ObjectNode grpc = probe.putObject("grpc");
      grpc.put("port", port.number());
      if (!spec.grpc().service().isEmpty()) {
        grpc.put("service", spec.grpc().service());
      }
    } else {
      putPort(probe.putObject("tcpSocket"), port);
    }
    probe.put("periodSeconds", seconds(spec.interval()));
    probe.put("timeoutSeconds", seconds(spec.timeout()));
    // Kubernetes rejects a liveness (or startup) probe whose successThreshold is not 1
    probe.put("successThreshold",
        kind == ProbeKind.LIVENESS ? 1 : Math.max(1, spec.healthyThreshold()));
    probe.put("failureThreshold", Math.max(1, spec.unhealthyThreshold()));
    return probe;
  }

  private static void putPort(ObjectNode action, ContainerPort port) {
    if (port.name() != null) {
      action.put("port", port.name());
    } else {
      action.put("port", port.number());
    }
  }

  /** Whole seconds, rounded up, at least 1 (probe periods and timeouts are integer seconds). */
  static int seconds(Duration d) {
    long s = d.toSeconds() + (d.toNanosPart() > 0 ? 1 : 0);
    return (int) Math.max(1, s);
  }
}
