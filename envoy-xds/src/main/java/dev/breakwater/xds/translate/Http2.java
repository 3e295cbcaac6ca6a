package dev.breakwater.xds.translate;

import dev.breakwater.xds.model.ServiceModel;
import java.util.Set;

/** Whether Envoy must speak HTTP/2 (cleartext) to a Service port, from its appProtocol. */
final class Http2 {
  private static final Set<String> H2_PROTOCOLS = Set.of("kubernetes.io/h2c", "grpc", "h2c", "http2");

  private Http2() {}

  static boolean upstream(ServiceModel.Port port) {
    return port.appProtocol() != null && H2_PROTOCOLS.contains(port.appProtocol().toLowerCase());
  }
}
