package dev.breakwater.xds.policies;

import dev.breakwater.xds.ir.RoutedPort;
import dev.breakwater.xds.model.BackendRef;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.model.PolicySettings;
import dev.breakwater.xds.policies.circuitbreaker.CircuitBreakerPolicyKind;
import dev.breakwater.xds.policies.healthcheck.HealthCheckKind;
import dev.breakwater.xds.policies.ratelimit.RateLimitPolicyKind;
import dev.breakwater.xds.policies.retry.RetryPolicyKind;
import dev.breakwater.xds.policies.timeout.TimeoutPolicyKind;
import dev.breakwater.xds.policy.PolicyKind;
import dev.breakwater.xds.policy.PortNote;
import dev.breakwater.xds.policy.PortRefusal;
import dev.breakwater.xds.policy.ProxyServices;
import dev.breakwater.xds.policy.RouteDraft;
import dev.breakwater.xds.schema.FieldError;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry: every policy kind, listed once. Order matters where kinds shape the same thing:
 * clusters and routes are shaped in this order (a kind that adds match routes comes before one
 * that splits or tunes every route; RetryPolicy adds its budget to the circuit breaker
 * thresholds a CircuitBreakerPolicy made).
 */
public final class PolicyKinds {
  private static final List<PolicyKind<?>> ALL = List.of(
      new CircuitBreakerPolicyKind(),
      new RateLimitPolicyKind(),
      new HealthCheckKind(),
      new RetryPolicyKind(),
      new TimeoutPolicyKind());
  private static final Map<String, PolicyKind<?>> BY_NAME = new LinkedHashMap<>();

  static {
    ALL.forEach(k -> BY_NAME.put(k.name(), k));
  }

  private PolicyKinds() {}

  public static List<PolicyKind<?>> all() {
    return ALL;
  }

  public static List<String> names() {
    return List.copyOf(BY_NAME.keySet());
  }

  public static Optional<PolicyKind<?>> byName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** @throws IllegalArgumentException for a kind that is not registered */
  public static PolicyKind<?> of(String name) {
    return byName(name).orElseThrow(
        () -> new IllegalArgumentException("unknown policy kind " + name));
  }

  public static List<FieldError> envoyChecks(PolicyKind<?> kind, PolicySettings spec) {
    return checks(kind, spec);
  }

  public static Optional<PortRefusal> refusal(Policy policy, RoutedPort port) {
    return refuse(of(policy.kind()), policy, port);
  }

  public static List<PortNote> notes(Policy policy, RoutedPort port) {
    return note(of(policy.kind()), policy, port);
  }

  public static void shapeCluster(Policy policy, RoutedPort port, Cluster.Builder cluster) {
    shape(of(policy.kind()), policy, port, cluster);
  }

  public static List<RouteDraft> shapeRoutes(Policy policy, RoutedPort port,
      List<RouteDraft> routes) {
    return routes(of(policy.kind()), policy, port, routes);
  }

  public static List<BackendRef> backends(Policy policy) {
    return backendsOf(of(policy.kind()), policy);
  }

  public static List<Cluster> extraClusters(Policy policy, RoutedPort port) {
    return extra(of(policy.kind()), policy, port);
  }

  public static List<Cluster> serviceClusters(Policy policy, ProxyServices services) {
    return serviceClustersOf(of(policy.kind()), policy, services);
  }

  public static void shapeVirtualHost(Policy policy, RoutedPort port, VirtualHost.Builder host) {
    host(of(policy.kind()), policy, port, host);
  }

  // The helpers below capture the kind's spec type, so each kind sees its own record.
  private static <S extends PolicySettings> List<FieldError> checks(PolicyKind<S> kind,
      PolicySettings spec) {
    return kind.envoyChecks(kind.specType().cast(spec));
  }

  private static <S extends PolicySettings> Optional<PortRefusal> refuse(PolicyKind<S> kind,
      Policy policy, RoutedPort port) {
    return kind.refusal(kind.specType().cast(policy.spec()), policy.meta(), port);
  }

  private static <S extends PolicySettings> List<PortNote> note(PolicyKind<S> kind,
      Policy policy, RoutedPort port) {
    return kind.notes(kind.specType().cast(policy.spec()), policy.meta(), port);
  }

  private static <S extends PolicySettings> void shape(PolicyKind<S> kind, Policy policy,
      RoutedPort port, Cluster.Builder cluster) {
    kind.shapeCluster(kind.specType().cast(policy.spec()), policy.meta(), port, cluster);
  }

  private static <S extends PolicySettings> List<BackendRef> backendsOf(PolicyKind<S> kind,
      Policy policy) {
    return kind.backends(kind.specType().cast(policy.spec()));
  }

  private static <S extends PolicySettings> List<Cluster> extra(PolicyKind<S> kind,
      Policy policy, RoutedPort port) {
    return kind.extraClusters(kind.specType().cast(policy.spec()), policy.meta(), port);
  }

  private static <S extends PolicySettings> List<Cluster> serviceClustersOf(PolicyKind<S> kind,
      Policy policy, ProxyServices services) {
    return kind.serviceClusters(kind.specType().cast(policy.spec()), services);
  }

  private static <S extends PolicySettings> void host(PolicyKind<S> kind, Policy policy,
      RoutedPort port, VirtualHost.Builder host) {
    kind.shapeVirtualHost(kind.specType().cast(policy.spec()), policy.meta(), port, host);
  }

  private static <S extends PolicySettings> List<RouteDraft> routes(PolicyKind<S> kind,
      Policy policy, RoutedPort port, List<RouteDraft> routes) {
    return kind.shapeRoutes(kind.specType().cast(policy.spec()), policy.meta(), port, routes);
  }
}
