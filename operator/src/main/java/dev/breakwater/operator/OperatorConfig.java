package dev.breakwater.operator;

import dev.breakwater.operator.tls.XdsTlsConfig;
import dev.breakwater.xds.envoy.ClientAddress;
import dev.breakwater.xds.envoy.EnvoyOptions;
import dev.breakwater.xds.policy.ProxyServices;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the operator process can be told from outside (flags, environment, tests).
 *
 * @param xdsPort ADS + MetricsService gRPC port; 0 picks a free port
 * @param httpPort {@code /metrics}, {@code /healthz}, {@code /readyz}; 0 picks a free port
 * @param bindAddress address both servers listen on
 * @param listenerPort port of the HTTP listener every Envoy gets
 * @param namespaces namespaces to watch; empty watches all
 * @param leaderElection take a Lease before reconciling (for more than one replica)
 * @param coalesceWindow longest a change waits for more changes before a snapshot is published
 * @param statsStatusInterval shortest time between two stats-driven status updates of a policy
 * @param manageProbes write HealthCheck probes onto Deployments
 * @param clientAddress where the proxies' listener takes the client's address from
 * @param proxyServices where the proxies reach the global rate limit service, and its timeout
 * @param xdsTls how the xDS port is secured (mutual TLS unless explicitly plaintext)
 */
public record OperatorConfig(
    int xdsPort,
    int httpPort,
    String bindAddress,
    int listenerPort,
    Set<String> namespaces,
    boolean leaderElection,
    String leaseName,
    String leaseNamespace,
    Duration coalesceWindow,
    Duration statsStatusInterval,
    boolean manageProbes,
    ClientAddress clientAddress,
    ProxyServices proxyServices,
    XdsTlsConfig xdsTls) {

  public static final int DEFAULT_XDS_PORT = 18000;
  public static final int DEFAULT_HTTP_PORT = 8080;
  public static final int DEFAULT_LISTENER_PORT = 10000;
  public static final String DEFAULT_LEASE_NAME = "breakwater-operator";
  public static final Duration DEFAULT_COALESCE_WINDOW = Duration.ofMillis(100);
  public static final Duration DEFAULT_STATS_STATUS_INTERVAL = Duration.ofSeconds(2);

  public OperatorConfig {
    namespaces = namespaces == null ? Set.of() : Set.copyOf(namespaces);
    bindAddress = bindAddress == null || bindAddress.isBlank() ? "0.0.0.0" : bindAddress;
    leaseName = leaseName == null || leaseName.isBlank() ? DEFAULT_LEASE_NAME : leaseName;
    coalesceWindow = Objects.requireNonNullElse(coalesceWindow, DEFAULT_COALESCE_WINDOW);
    statsStatusInterval =
        Objects.requireNonNullElse(statsStatusInterval, DEFAULT_STATS_STATUS_INTERVAL);
    clientAddress = Objects.requireNonNullElse(clientAddress, ClientAddress.PEER);
    proxyServices = Objects.requireNonNullElse(proxyServices, ProxyServices.DEFAULTS);
    xdsTls = Objects.requireNonNullElse(xdsTls, XdsTlsConfig.issue());
    if (xdsPort < 0 || httpPort < 0 || listenerPort <= 0) {
      throw new IllegalArgumentException("ports must be >= 0 (listener port > 0)");
    }
  }

  public static OperatorConfig defaults() {
    return new OperatorConfig(DEFAULT_XDS_PORT, DEFAULT_HTTP_PORT, "0.0.0.0", DEFAULT_LISTENER_PORT,
        Set.of(), false, DEFAULT_LEASE_NAME, null, DEFAULT_COALESCE_WINDOW,
        DEFAULT_STATS_STATUS_INTERVAL, true, ClientAddress.PEER, ProxyServices.DEFAULTS,
        XdsTlsConfig.issue());
  }

  /** Free ports on 127.0.0.1: what an embedding test wants. */
  public static OperatorConfig forTests() {
    return defaults().withPorts(0, 0).withBindAddress("127.0.0.1");
  }

  public OperatorConfig withPorts(int xds, int http) {
    return new OperatorConfig(xds, http, bindAddress, listenerPort, namespaces, leaderElection,
        leaseName, leaseNamespace, coalesceWindow, statsStatusInterval, manageProbes, clientAddress,
        proxyServices, xdsTls);
  }

  public OperatorConfig withBindAddress(String address) {
    return new OperatorConfig(xdsPort, httpPort, address, listenerPort, namespaces, leaderElection,
        leaseName, leaseNamespace, coalesceWindow, statsStatusInterval, manageProbes, clientAddress,
        proxyServices, xdsTls);
  }

  public OperatorConfig withListenerPort(int port) {
    return new OperatorConfig(xdsPort, httpPort, bindAddress, port, namespaces, leaderElection,
        leaseName, leaseNamespace, coalesceWindow, statsStatusInterval, manageProbes, clientAddress,
        proxyServices, xdsTls);
  }

  public OperatorConfig withNamespaces(Set<String> watched) {
    return new OperatorConfig(xdsPort, httpPort, bindAddress, listenerPort, watched, leaderElection,
        leaseName, leaseNamespace, coalesceWindow, statsStatusInterval, manageProbes, clientAddress,
        proxyServices, xdsTls);
  }

  public OperatorConfig withLeaderElection(boolean enabled, String name, String namespace) {
    return new OperatorConfig(xdsPort, httpPort, bindAddress, listenerPort, namespaces, enabled,
        name, namespace, coalesceWindow, statsStatusInterval, manageProbes, clientAddress,
        proxyServices, xdsTls);
  }

  public OperatorConfig withCoalesceWindow(Duration window) {
    return new OperatorConfig(xdsPort, httpPort, bindAddress, listenerPort, namespaces,
        leaderElection, leaseName, leaseNamespace, window, statsStatusInterval, manageProbes,
        clientAddress, proxyServices, xdsTls);
  }

  public OperatorConfig withStatsStatusInterval(Duration interval) {
    return new OperatorConfig(xdsPort, httpPort, bindAddress, listenerPort, namespaces,
        leaderElection, leaseName, leaseNamespace, coalesceWindow, interval, manageProbes,
        clientAddress, proxyServices, xdsTls);
  }

  public OperatorConfig withManageProbes(boolean enabled) {
    return new OperatorConfig(xdsPort, httpPort, bindAddress, listenerPort, namespaces,
        leaderElection, leaseName, leaseNamespace, coalesceWindow, statsStatusInterval, enabled,
        clientAddress, proxyServices, xdsTls);
  }

  public OperatorConfig withClientAddress(ClientAddress client) {
    return new OperatorConfig(xdsPort, httpPort, bindAddress, listenerPort, namespaces,
        leaderElection, leaseName, leaseNamespace, coalesceWindow, statsStatusInterval,
        manageProbes, client, proxyServices, xdsTls);
  }

  public OperatorConfig withXdsTls(XdsTlsConfig tls) {
    return new OperatorConfig(xdsPort, httpPort, bindAddress, listenerPort, namespaces,
        leaderElection, leaseName, leaseNamespace, coalesceWindow, statsStatusInterval,
        manageProbes, clientAddress, proxyServices, tls);
  }

  public OperatorConfig withProxyServices(ProxyServices services) {
    return new OperatorConfig(xdsPort, httpPort, bindAddress, listenerPort, namespaces,
        leaderElection, leaseName, leaseNamespace, coalesceWindow, statsStatusInterval,
        manageProbes, clientAddress, services, xdsTls);
  }

  public EnvoyOptions envoyOptions() {
    return new EnvoyOptions(listenerPort, clientAddress, proxyServices);
  }

  public boolean watchesAllNamespaces() {
    return namespaces.isEmpty();
  }
}
