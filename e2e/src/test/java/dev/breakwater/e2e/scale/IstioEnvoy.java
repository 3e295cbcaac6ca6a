package dev.breakwater.e2e.scale;

import dev.breakwater.e2e.ChildProcess;
import dev.breakwater.e2e.EnvoyAdmin;
import dev.breakwater.e2e.FreePorts;
import dev.breakwater.e2e.TestBed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The test bed's plain Envoy (the same binary Breakwater's Envoys run, not Istio's proxy build)
 * on istiod's plaintext xDS port as a router: node id
 * {@code router~127.0.0.1~envoy-router.istio-system~istio-system.svc.cluster.local}, the format
 * istiod parses (type~ip~id~dns domain). With no Gateway resources istiod sends it no listeners,
 * and every Service's outbound cluster ({@code outbound|<port>||<host>}), as to a gateway. The
 * static cluster {@code sds-grpc} exists only because istiod's clusters may name it (Istio's
 * bootstrap has it); nothing listens there.
 */
final class IstioEnvoy implements AutoCloseable {
  static final String NODE_ID =
      "router~127.0.0.1~envoy-router.istio-system~istio-system.svc.cluster.local";

  private final Process process;
  private final EnvoyAdmin admin;

  IstioEnvoy(String name, int xdsPort) {
    int adminPort = FreePorts.next();
    Path dir = TestBed.workDir(name);
    try {
      Path bootstrap = Files.writeString(dir.resolve("envoy-bootstrap.yaml"), """
          node:
            id: %s
            cluster: envoy-router.istio-system
            metadata:
              NAMESPACE: istio-system
              NAME: envoy-router
              CLUSTER_ID: Kubernetes
              ISTIO_VERSION: "1.31.0"
          dynamic_resources:
            ads_config:
              api_type: GRPC
              transport_api_version: V3
              set_node_on_first_message_only: true
              grpc_services:
              - envoy_grpc: {cluster_name: xds-grpc}
                # as Breakwater's bootstrap: reconnect within 0.5 s while the control plane starts
                retry_policy:
                  retry_back_off: {base_interval: 0.5s, max_interval: 5s}
            cds_config: {ads: {}, resource_api_version: V3}
            lds_config: {ads: {}, resource_api_version: V3}
          static_resources:
            clusters:
            - name: xds-grpc
              type: STATIC
              connect_timeout: 2s
              typed_extension_protocol_options:
                envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
                  "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
                  explicit_http_config: {http2_protocol_options: {}}
              load_assignment:
                cluster_name: xds-grpc
                endpoints:
                - lb_endpoints:
                  - endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: %d}}}
            - name: sds-grpc
              type: STATIC
              connect_timeout: 1s
              typed_extension_protocol_options:
                envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
                  "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
                  explicit_http_config: {http2_protocol_options: {}}
              load_assignment:
                cluster_name: sds-grpc
                endpoints:
                - lb_endpoints:
                  - endpoint: {address: {pipe: {path: %s}}}
          admin:
            address: {socket_address: {address: 127.0.0.1, port_value: %d}}
          """.formatted(NODE_ID, xdsPort, dir.resolve("no-sds.sock").toAbsolutePath(),
          adminPort));
      process = new ProcessBuilder(List.of(TestBed.get().envoy().toString(),
          "-c", bootstrap.toString(), "--concurrency", "1", "--disable-hot-restart",
          "--drain-time-s", "1", "--log-level", "info",
          "--log-path", dir.resolve("envoy.log").toString()))
          .redirectErrorStream(true).redirectOutput(dir.resolve("envoy.out").toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    admin = new EnvoyAdmin(adminPort);
  }

  EnvoyAdmin admin() {
    return admin;
  }

  boolean alive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    ChildProcess.stop(process, Duration.ofSeconds(10));
  }
}
