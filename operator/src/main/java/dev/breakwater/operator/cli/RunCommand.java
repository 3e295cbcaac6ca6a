package dev.breakwater.operator.cli;

import static net.logstash.logback.argument.StructuredArguments.v;

import dev.breakwater.operator.BreakwaterOperator;
import dev.breakwater.operator.BuildInfo;
import dev.breakwater.operator.OperatorConfig;
import dev.breakwater.operator.tls.XdsTlsConfig;
import dev.breakwater.xds.envoy.ClientAddress;
import dev.breakwater.xds.policy.ProxyServices;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the operator until the process is told to stop. Every flag has an environment twin. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the operator: reconcile policies, serve xDS, report status and metrics.")
public final class RunCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Option(names = "--xds-port", defaultValue = "${env:BREAKWATER_XDS_PORT:-18000}",
      description = "gRPC port for ADS and the metrics service (env BREAKWATER_XDS_PORT, "
          + "default ${DEFAULT-VALUE}; 0 = any free port)")
  int xdsPort;

  @Option(names = "--http-port", defaultValue = "${env:BREAKWATER_HTTP_PORT:-8080}",
      description = "HTTP port for /metrics, /healthz, /readyz (env BREAKWATER_HTTP_PORT, "
          + "default ${DEFAULT-VALUE})")
  int httpPort;

  @Option(names = "--bind-address", defaultValue = "${env:BREAKWATER_BIND_ADDRESS:-0.0.0.0}",
      description = "Address both ports listen on (env BREAKWATER_BIND_ADDRESS, "
          + "default ${DEFAULT-VALUE})")
  String bindAddress;

  @Option(names = "--listener-port", defaultValue = "${env:BREAKWATER_LISTENER_PORT:-10000}",
      description = "Port of the HTTP listener every Envoy gets (env BREAKWATER_LISTENER_PORT, "
          + "default ${DEFAULT-VALUE})")
  int listenerPort;

  @Option(names = "--namespaces", split = ",", defaultValue = "${env:BREAKWATER_NAMESPACES:-}",
      description = "Comma-separated namespaces to watch; empty = all (env BREAKWATER_NAMESPACES)")
  List<String> namespaces;

  @Option(names = "--leader-election", negatable = true,
      defaultValue = "${env:BREAKWATER_LEADER_ELECTION:-false}", fallbackValue = "true",
      description = "Several replicas: all serve xDS and are ready; only the one holding the "
          + "Lease writes status and probes (env BREAKWATER_LEADER_ELECTION, default "
          + "${DEFAULT-VALUE})")
  boolean leaderElection;

  @Option(names = "--lease-name", defaultValue = "${env:BREAKWATER_LEASE_NAME:-"
      + OperatorConfig.DEFAULT_LEASE_NAME + "}",
      description = "Lease name (env BREAKWATER_LEASE_NAME, default ${DEFAULT-VALUE})")
  String leaseName;

  @Option(names = "--lease-namespace",
      defaultValue = "${env:BREAKWATER_LEASE_NAMESPACE:-${env:POD_NAMESPACE:-}}",
      description = "Lease namespace; empty = the client's namespace (env "
          + "BREAKWATER_LEASE_NAMESPACE or POD_NAMESPACE)")
  String leaseNamespace;

  @Option(names = "--coalesce-window-ms",
      defaultValue = "${env:BREAKWATER_COALESCE_WINDOW_MS:-100}",
      description = "Longest a change waits for more before a snapshot is published "
          + "(env BREAKWATER_COALESCE_WINDOW_MS, default ${DEFAULT-VALUE})")
  long coalesceWindowMs;

  @Option(names = "--stats-status-interval-ms",
      defaultValue = "${env:BREAKWATER_STATS_STATUS_INTERVAL_MS:-2000}",
      description = "Shortest time between two stats-driven status updates of one policy "
          + "(env BREAKWATER_STATS_STATUS_INTERVAL_MS, default ${DEFAULT-VALUE})")
  long statsStatusIntervalMs;

  @Option(names = "--manage-probes", negatable = true,
      defaultValue = "${env:BREAKWATER_MANAGE_PROBES:-true}", fallbackValue = "true",
      description = "Write HealthCheck probes onto Deployments (env BREAKWATER_MANAGE_PROBES, "
          + "default ${DEFAULT-VALUE})")
  boolean manageProbes;

  @Option(names = "--xff-trusted-hops",
      defaultValue = "${env:BREAKWATER_XFF_TRUSTED_HOPS:-0}",
      description = "Proxies in front of the Envoys that append to X-Forwarded-For: the client is"
          + " the Nth entry from the right; 0 = the TCP peer (env BREAKWATER_XFF_TRUSTED_HOPS, "
          + "default ${DEFAULT-VALUE})")
  int xffTrustedHops;

  @Option(names = "--xff-trusted-cidrs", split = ",",
      defaultValue = "${env:BREAKWATER_XFF_TRUSTED_CIDRS:-}",
      description = "Comma-separated address ranges of those proxies: the client is the "
          + "rightmost X-Forwarded-For entry outside them; wins over --xff-trusted-hops (env "
          + "BREAKWATER_XFF_TRUSTED_CIDRS)")
  List<String> xffTrustedCidrs;

  @Option(names = "--proxy-protocol", negatable = true,
      defaultValue = "${env:BREAKWATER_PROXY_PROTOCOL:-false}", fallbackValue = "true",
      description = "Every connection to the Envoys starts with a PROXY protocol header (an L4 "
          + "load balancer adds it); connections without one are refused (env "
          + "BREAKWATER_PROXY_PROTOCOL, default ${DEFAULT-VALUE})")
  boolean proxyProtocol;
  @Option(names = "--xds-plaintext", defaultValue = "${env:BREAKWATER_XDS_PLAINTEXT:-false}",
      description = "Serve xDS without TLS: anyone who reaches the port reads every route and "
          + "steers status. For dev setups only (env BREAKWATER_XDS_PLAINTEXT)")
  boolean xdsPlaintext;

  @Option(names = "--xds-tls-dir", defaultValue = "${env:BREAKWATER_XDS_TLS_DIR:-}",
      description = "Take the xDS server certificate from tls.crt, tls.key, ca.crt in this "
          + "directory (cert-manager, your own PKI) instead of issuing one (env "
          + "BREAKWATER_XDS_TLS_DIR)")
  String xdsTlsDir;

  @Option(names = "--xds-secret-namespace",
      defaultValue = "${env:BREAKWATER_XDS_SECRET_NAMESPACE:-}",
      description = "Namespace of the xDS CA and proxy Secrets; empty = the operator's own")
  String xdsSecretNamespace;

  @Option(names = "--xds-ca-secret",
      defaultValue = "${env:BREAKWATER_XDS_CA_SECRET:-" + XdsTlsConfig.DEFAULT_CA_SECRET + "}",
      description = "Secret holding the xDS CA the operator creates and signs with (default "
          + "${DEFAULT-VALUE})")
  String xdsCaSecret;

  @Option(names = "--xds-ca-dir", defaultValue = "${env:BREAKWATER_XDS_CA_DIR:-}",
      description = "A mount of the CA Secret: lets a restart serve while the API server is away")
  String xdsCaDir;

  @Option(names = "--xds-proxy-secret",
      defaultValue = "${env:BREAKWATER_XDS_PROXY_SECRET:-" + XdsTlsConfig.DEFAULT_PROXY_SECRET
          + "}",
      description = "Secret the operator writes the proxies' client certificate to (tls.crt, "
          + "tls.key, ca.crt; default ${DEFAULT-VALUE})")
  String xdsProxySecret;

  @Option(names = "--xds-proxy-identity",
      defaultValue = "${env:BREAKWATER_XDS_PROXY_IDENTITY:-"
          + XdsTlsConfig.DEFAULT_PROXY_IDENTITY + "}",
      description = "Identity in that certificate: proxies using it must have node ids equal to it "
          + "or starting with it and a dash (default ${DEFAULT-VALUE})")
  String xdsProxyIdentity;

  @Option(names = "--xds-server-names", split = ",",
      defaultValue = "${env:BREAKWATER_XDS_SERVER_NAMES:-}",
      description = "DNS names in the operator's xDS certificate (its Service's names)")
  List<String> xdsServerNames;

  @Option(names = "--ratelimit-service", split = ",",
      defaultValue = "${env:BREAKWATER_RATELIMIT_SERVICE:-breakwater-ratelimit."
          + "${env:POD_NAMESPACE:-breakwater}.svc:8081}",
      description = "host:port of the global rate limit service the Envoys call, comma-separated;"
          + " a name resolving to several addresses (a headless Service) spreads calls over them"
          + " (env BREAKWATER_RATELIMIT_SERVICE, default ${DEFAULT-VALUE})")
  List<String> rateLimitService;

  @Option(names = "--ratelimit-timeout-ms",
      defaultValue = "${env:BREAKWATER_RATELIMIT_TIMEOUT_MS:-100}",
      description = "Longest an Envoy waits for the rate limit service's decision before the"
          + " policy's failureMode applies; keep it above the service's --store-timeout-ms (env"
          + " BREAKWATER_RATELIMIT_TIMEOUT_MS, default ${DEFAULT-VALUE})")
  long rateLimitTimeoutMs;

  public OperatorConfig config() {
    Set<String> watched = namespaces == null ? Set.of() : Set.copyOf(namespaces.stream()
        .map(String::trim).filter(s -> !s.isEmpty()).toList());
    return OperatorConfig.defaults()
        .withPorts(xdsPort, httpPort)
        .withBindAddress(bindAddress)
        .withListenerPort(listenerPort)
        .withNamespaces(watched)
        .withLeaderElection(leaderElection, leaseName,
            leaseNamespace == null || leaseNamespace.isBlank() ? null : leaseNamespace)
        .withCoalesceWindow(Duration.ofMillis(coalesceWindowMs))
        .withStatsStatusInterval(Duration.ofMillis(statsStatusIntervalMs))
        .withManageProbes(manageProbes)
        .withClientAddress(new ClientAddress(xffTrustedHops, xffTrustedCidrs == null ? List.of()
            : xffTrustedCidrs.stream().map(String::trim).filter(s -> !s.isEmpty()).toList(),
            proxyProtocol))
        .withProxyServices(new ProxyServices(rateLimitService.stream().map(String::trim)
            .filter(a -> !a.isEmpty()).toList(), Duration.ofMillis(rateLimitTimeoutMs)))
        .withXdsTls(xdsTls());
  }

  private XdsTlsConfig xdsTls() {
    if (xdsPlaintext) {
      return XdsTlsConfig.plaintext();
    }
    if (xdsTlsDir != null && !xdsTlsDir.isBlank()) {
      return XdsTlsConfig.files(Path.of(xdsTlsDir));
    }
    return new XdsTlsConfig(XdsTlsConfig.Mode.ISSUE, blankToNull(xdsSecretNamespace),
        xdsCaSecret, xdsProxySecret, xdsProxyIdentity, xdsServerNames == null ? List.of()
            : xdsServerNames.stream().map(String::trim).filter(n -> !n.isEmpty()).toList(),
        xdsCaDir == null || xdsCaDir.isBlank() ? null : Path.of(xdsCaDir), null);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  @Override
  public Integer call() throws InterruptedException {
    OperatorConfig config = config();
    BuildInfo build = BuildInfo.current();
    LOG.info("breakwater {} (commit {}) starting: xDS port {}, HTTP port {}, namespaces {}, "
        + "leader election {}", v("version", build.version()), v("commit", build.commit()),
        v("xds_port", config.xdsPort()), v("http_port", config.httpPort()),
        v("namespaces", config.watchesAllNamespaces() ? "all"
            : String.join(",", new java.util.TreeSet<>(config.namespaces()))),
        v("leader_election", config.leaderElection()));
    KubernetesClient client = new KubernetesClientBuilder().build();
    BreakwaterOperator operator = BreakwaterOperator.start(config, client);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("stopping");
      operator.close();
      client.close();
      stopped.countDown();
    }, "breakwater-shutdown"));
    stopped.await();
    return 0;
  }
}
