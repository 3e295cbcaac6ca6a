package dev.breakwater.e2e;

import dev.breakwater.operator.BreakwaterOperator;
import dev.breakwater.operator.OperatorConfig;
import dev.breakwater.operator.tls.XdsTlsConfig;
import dev.breakwater.xds.Translation;
import dev.breakwater.xds.model.ClusterState;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Per test class: a namespace of its own on the suite's API server, the operator in-process
 * watching only that namespace, and (unless {@link #withoutEnvoy}) one real Envoy bootstrapped to
 * it ({@link #withEnvoys} more: they share the listener port, the kernel spreads connections over
 * them). Register with {@code @RegisterExtension static final Breakwater bw = new Breakwater("x")}.
 * Upstreams made through {@link #upstream} are closed with the class.
 */
public final class Breakwater implements BeforeAllCallback, AfterAllCallback {
  private final String name;
  private final boolean envoy;
  private UnaryOperator<OperatorConfig> configure = c -> c;
  private final UnaryOperator<Function<ClusterState, Translation>> translation;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private KubernetesClient client;
  private String namespace;
  private BreakwaterOperator operator;
  private int envoyCount = 1;
  private final List<EnvoyProcess> envoyProcesses = new ArrayList<>();
  private int listenerPort;

  public Breakwater(String name) {
    this(name, true);
  }

  private Breakwater(String name, boolean envoy) {
    this(name, envoy, UnaryOperator.identity());
  }

  private Breakwater(String name, boolean envoy,
      UnaryOperator<Function<ClusterState, Translation>> translation) {
    this.name = name.toLowerCase(Locale.ROOT);
    this.envoy = envoy;
    this.translation = translation;
  }

  /** With the operator's translation wrapped, e.g. to make Envoy refuse marked policies. */
  public static Breakwater withTranslation(String name,
      UnaryOperator<Function<ClusterState, Translation>> translation) {
    return new Breakwater(name, true, translation);
  }

  /** The operator started with more settings, e.g. where the client address comes from. */
  public Breakwater configured(UnaryOperator<OperatorConfig> settings) {
    this.configure = settings;
    return this;
  }

  /**
   * {@code count} Envoys, all fed by the operator and bound to the one listener port
   * (SO_REUSEPORT, Envoy's default): each connection lands on one of them.
   */
  public Breakwater withEnvoys(int count) {
    this.envoyCount = count;
    return this;
  }

  /** Operator and namespace only: for API-tier tests that need status but no traffic. */
  public static Breakwater withoutEnvoy(String name) {
    return new Breakwater(name, false);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    client = KubeApiServerExtension.shared(context).client();
    namespace = Kube.createNamespace(client, name);
    listenerPort = FreePorts.next();
    OperatorConfig config = OperatorConfig.forTests()
        .withListenerPort(listenerPort)
        .withNamespaces(Set.of(namespace))
        .withCoalesceWindow(Duration.ofMillis(50))
        .withStatsStatusInterval(Duration.ofSeconds(1))
        // mutual TLS as in a cluster: the operator's CA in this namespace, Envoy's certificate
        // issued from it for Envoy's node id
        .withXdsTls(XdsTlsConfig.issue().inNamespace(namespace));
    operator = BreakwaterOperator.start(configure.apply(config), client, translation);
    if (envoy) {
      // each Envoy its own node id and a certificate issued for it
      for (int i = 0; i < envoyCount; i++) {
        envoyProcesses.add(EnvoyProcess.start(name + "-envoy" + (i == 0 ? "" : "-" + i),
            operator.xdsPort(), client, namespace));
      }
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    Exception first = null;
    List<AutoCloseable> order = new ArrayList<>(closeables);
    order.addAll(envoyProcesses);
    if (operator != null) {
      order.add(operator);
    }
    for (AutoCloseable c : order) {
      try {
        c.close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  public KubernetesClient client() {
    return client;
  }

  public String namespace() {
    return namespace;
  }

  public BreakwaterOperator operator() {
    return operator;
  }

  public EnvoyProcess envoy() {
    if (envoyProcesses.isEmpty()) {
      throw new IllegalStateException(name + " runs without Envoy");
    }
    return envoyProcesses.get(0);
  }

  /** Every Envoy of the class ({@link #withEnvoys}). */
  public List<EnvoyProcess> envoys() {
    return List.copyOf(envoyProcesses);
  }

  public EnvoyAdmin admin() {
    return envoy().admin();
  }

  /** Port of the operator-configured HTTP listener on Envoy. */
  public int listenerPort() {
    return listenerPort;
  }

  /** The Host header that routes to {@code service} in this namespace. */
  public String host(String service) {
    return service + "." + namespace;
  }

  public Upstream upstream(String upstreamName) {
    Upstream u = Upstream.start(name + "-" + upstreamName);
    closeables.add(u);
    return u;
  }

  /** A Service on {@code port} whose endpoints are the given upstreams. */
  public void backend(String service, int port, Upstream... upstreams) {
    Kube.createBackend(client, namespace, service, port, List.of(upstreams));
  }

  /** Waits until Envoy routes {@code Host: <service>.<ns>} to an upstream (answers 200). */
  public void awaitRouted(String service) {
    try (HttpConnection c = new HttpConnection(listenerPort)) {
      org.awaitility.Awaitility.await("Envoy routes " + host(service))
          .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> c.get(host(service), "/", java.util.Map.of()).status() == 200);
    }
  }

  /** Envoy's cluster (and virtual host) name for a Service port: {@code <ns>/<svc>/<port>}. */
  public String cluster(String service, int port) {
    return dev.breakwater.xds.names.EnvoyNames.cluster(namespace, service, port);
  }

  public LoadGenerator load(String... trackedHeaders) {
    return new LoadGenerator(listenerPort, trackedHeaders);
  }

  /** Server-side applies a YAML document set (policies, usually) into this namespace. */
  public void apply(String yaml) {
    Kube.apply(client, namespace, yaml);
  }

  public AppliedPolicy policy(String kind, String policyName) {
    return new AppliedPolicy(client, namespace, kind, policyName);
  }
}
