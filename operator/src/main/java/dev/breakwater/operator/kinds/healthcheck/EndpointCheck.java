package dev.breakwater.operator.kinds.healthcheck;

import dev.breakwater.xds.policies.healthcheck.HealthCheckSettings;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * One check of one endpoint by the operator itself, as the HealthCheck's spec says; never throws,
 * returns within about the spec's timeout. Only what Envoy cannot tell: why an endpoint fails.
 */
interface EndpointCheck {

  Outcome check(InetSocketAddress endpoint, Duration timeout);

  /**
   * @param result the HTTP status ("404"), gRPC health status ("NOT_SERVING") or network error
   */
  record Outcome(boolean passed, String result) {}

  /**
   * @param host the Host (authority) Envoy's check sends: the Service's cluster-local name
   * @param http2 the cluster speaks HTTP/2 to the endpoints: an HTTP check then only connects,
   *     as the operator's check speaks HTTP/1.1
   */
  static EndpointCheck of(HealthCheckSettings spec, String host, boolean http2) {
    if (spec.grpc() != null) {
      return new GrpcEndpointCheck(spec.grpc().service(), host);
    }
    if (spec.http() != null && !http2) {
      return new HttpEndpointCheck(spec.http().path(), host, spec.http().expectedStatuses());
    }
    return new TcpEndpointCheck();
  }

  /** "connection refused", "timeout after 1s", ... for a network failure. */
  static String networkError(Exception e, Duration timeout) {
    if (e instanceof SocketTimeoutException) {
      return "timeout after " + Durations.text(timeout);
    }
    if (e instanceof ConnectException) {
      String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
      return message.contains("refused") ? "connection refused" : "connect failed: " + e.getMessage();
    }
    if (e instanceof NoRouteToHostException) {
      return "no route to host";
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
