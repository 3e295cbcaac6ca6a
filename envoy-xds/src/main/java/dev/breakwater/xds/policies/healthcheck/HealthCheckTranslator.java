package dev.breakwater.xds.policies.healthcheck;

import dev.breakwater.xds.policy.Protos;
import io.envoyproxy.envoy.config.core.v3.HealthCheck;
import io.envoyproxy.envoy.type.v3.CodecClientType;
import io.envoyproxy.envoy.type.v3.Int64Range;
import java.util.List;
import java.util.TreeSet;

/** HealthCheck -> cluster {@code health_checks}: HTTP, TCP or gRPC active checks. */
final class HealthCheckTranslator {
  private HealthCheckTranslator() {}

  static HealthCheck healthCheck(HealthCheckSettings spec, String host, boolean http2) {
    HealthCheck.Builder hc = HealthCheck.newBuilder()
        .setTimeout(Protos.duration(spec.timeout()))
        .setInterval(Protos.duration(spec.interval()))
        // Envoy checks idle clusters only every 60 s by default; users wrote `interval`, and a
        // failing endpoint must leave within interval * unhealthyThreshold whether or not traffic flows.
        .setNoTrafficInterval(Protos.duration(spec.interval()))
        .setHealthyThreshold(Protos.uint32(spec.healthyThreshold()))
        .setUnhealthyThreshold(Protos.uint32(spec.unhealthyThreshold()));
    if (spec.http() != null) {
      HealthCheck.HttpHealthCheck.Builder http = HealthCheck.HttpHealthCheck.newBuilder()
          .setPath(spec.http().path())
          .setHost(host)
          .addAllExpectedStatuses(ranges(spec.http().expectedStatuses()))
          // Without retriable statuses Envoy marks a host unhealthy at the first unexpected
          // status, whatever unhealthy_threshold says; every status counts towards it instead.
          .addRetriableStatuses(Int64Range.newBuilder().setStart(100).setEnd(600));
      if (http2) {
        http.setCodecClientType(CodecClientType.HTTP2);
      }
      hc.setHttpHealthCheck(http);
    } else if (spec.grpc() != null) {
      hc.setGrpcHealthCheck(HealthCheck.GrpcHealthCheck.newBuilder()
          .setServiceName(spec.grpc().service())
          .setAuthority(host));
    } else {
      hc.setTcpHealthCheck(HealthCheck.TcpHealthCheck.getDefaultInstance());
    }
    return hc.build();
  }

  /** Statuses as Envoy's half-open ranges, neighbours merged: [200, 201, 204] -> [200,202), [204,205). */
  static List<Int64Range> ranges(List<Integer> statuses) {
    List<Int64Range> out = new java.util.ArrayList<>();
    long start = -1;
    long end = -1;
    for (int status : new TreeSet<>(statuses)) {
      if (status == end) {
        end++;
        continue;
      }
      if (start >= 0) {
        out.add(Int64Range.newBuilder().setStart(start).setEnd(end).build());
      }
      start = status;
      end = status + 1L;
    }
    if (start >= 0) {
      out.add(Int64Range.newBuilder().setStart(start).setEnd(end).build());
    }
    return out;
  }
}
