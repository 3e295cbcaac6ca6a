package dev.breakwater.operator.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The chart's Envoy bootstrap for an operator whose xDS port is plaintext (a test of the xDS side
 * alone, no certificates involved): the TLS block left out, the placeholders filled.
 */
final class PlaintextBootstrap {
  private PlaintextBootstrap() {}

  /** @param apiType GRPC (state of the world) or DELTA_GRPC, for ADS */
  static String render(String node, int xdsPort, String apiType) throws IOException {
    return Files.readString(Path.of("..", "helm-chart", "files", "envoy-bootstrap.yaml"))
        .replaceAll("(?s)\\s*# >>> xds-tls.*?# <<< xds-tls", "")
        .replace("__NODE_ID__", node)
        .replace("__NODE_CLUSTER__", "test")
        .replace("__XDS_HOST__", "127.0.0.1")
        .replace("__XDS_PORT__", Integer.toString(xdsPort))
        .replace("__ADMIN_ADDRESS__", "127.0.0.1")
        .replace("__ADMIN_PORT__", "0")
        .replace("api_type: GRPC", "api_type: " + apiType);
  }
}
