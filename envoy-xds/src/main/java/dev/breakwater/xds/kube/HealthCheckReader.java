package dev.breakwater.xds.kube;

import dev.breakwater.xds.model.HealthCheckSpec;
import dev.breakwater.xds.model.HealthCheckSpec.Grpc;
import dev.breakwater.xds.model.HealthCheckSpec.Http;
import dev.breakwater.xds.model.HealthCheckSpec.Probes;
import dev.breakwater.xds.model.HealthCheckSpec.Tcp;
import java.time.Duration;
import java.util.List;

/** {@code HealthCheck.spec}: the rules its CRD schema and CEL rules express. */
final class HealthCheckReader {
  static final int DEFAULT_HEALTHY_THRESHOLD = 2;
  static final int DEFAULT_UNHEALTHY_THRESHOLD = 3;
  private static final Duration MIN_INTERVAL = Duration.ofMillis(100);
  private static final Duration MIN_TIMEOUT = Duration.ofMillis(10);

  private HealthCheckReader() {}

  static HealthCheckSpec spec(ObjectFields spec) {
    Http http = http(spec.object("http"));
    Tcp tcp = spec.has("tcp") ? new Tcp() : null;
    Grpc grpc = spec.has("grpc") ? new Grpc(spec.object("grpc").string("service")) : null;
    int kinds = (http != null ? 1 : 0) + (tcp != null ? 1 : 0) + (grpc != null ? 1 : 0);
    if (kinds != 1) {
      spec.error("http", "exactly one of http, tcp or grpc must be set");
    }
    Duration interval = spec.duration("interval", MIN_INTERVAL);
    Duration timeout = spec.duration("timeout", MIN_TIMEOUT);
    Integer healthy = spec.integer("healthyThreshold", 1, 100);
    Integer unhealthy = spec.integer("unhealthyThreshold", 1, 100);
    ObjectFields probes = spec.object("probes");
    HealthCheckSpec out = new HealthCheckSpec(
        http,
        tcp,
        grpc,
        interval,
        timeout,
        healthy == null ? DEFAULT_HEALTHY_THRESHOLD : healthy,
        unhealthy == null ? DEFAULT_UNHEALTHY_THRESHOLD : unhealthy,
        spec.bool("critical", true),
        new Probes(
            probes.bool("readiness", Probes.DEFAULT.readiness()),
            probes.bool("liveness", Probes.DEFAULT.liveness()),
            probes.bool("override", Probes.DEFAULT.override())));
    if (out.timeout().compareTo(out.interval()) >= 0) {
      spec.error("timeout", "must be shorter than interval (" + out.interval().toMillis() + "ms)");
    }
    return out;
  }

  private static Http http(ObjectFields http) {
    if (!http.present()) {
      return null;
    }
    String path = http.requiredString("path");
    if (path != null && !path.isEmpty() && !path.startsWith("/")) {
      http.error("path", "must start with '/', got " + path);
    }
    List<Integer> statuses = http.integers("expectedStatuses");
    if (http.has("expectedStatuses") && statuses.isEmpty()) {
      http.error("expectedStatuses", "must have at least 1 item (omit it for [200])");
    }
    for (int i = 0; i < statuses.size(); i++) {
      if (statuses.get(i) < 100 || statuses.get(i) > 599) {
        http.error("expectedStatuses[" + i + "]", "must be an HTTP status 100..599, got " + statuses.get(i));
      }
    }
    return new Http(path, statuses);
  }
}
