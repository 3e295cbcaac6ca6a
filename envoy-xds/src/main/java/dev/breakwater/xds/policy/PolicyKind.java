package dev.breakwater.xds.policy;

import com.google.protobuf.Descriptors.Descriptor;
import dev.breakwater.xds.ir.RoutedPort;
import dev.breakwater.xds.model.BackendRef;
import dev.breakwater.xds.model.PolicyMeta;
import dev.breakwater.xds.model.PolicySettings;
import dev.breakwater.xds.schema.FieldError;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.ResponseMapper;
import java.util.List;
import java.util.Optional;

/**
 * Everything one policy kind brings to translation, in one place (Kuma's policy plugins, Envoy
 * Gateway's one-file-per-feature translator): how its spec is bound and checked beyond its CRD,
 * and what it contributes to each Envoy resource of the Service ports it wins. Kinds are listed
 * once, in {@code PolicyKinds}; everything else loops over that list. The CRD (generated from the
 * kind's class in {@code crds/}) holds the kind's schema, rules and defaults.
 *
 * <p>Conflicts: a policy claims every Service port its {@code targetRef} resolves to; of two
 * policies of one kind on one port the oldest wins (creation time, then name). Where kinds meet on
 * a port, {@link #refusal} and {@link #notes} say what that means for status; a kind reads another
 * kind's policy only through {@link SpecFields} (by its CRD field names).
 *
 * @param <S> the kind's spec record
 */
public interface PolicyKind<S extends PolicySettings> {

  /** The Kubernetes kind, e.g. {@code CircuitBreakerPolicy}. */
  String name();

  /** The CRD's plural; the schema is read from {@code crds/<plural>.<group>-v1.yml}. */
  String plural();

  /** The record a validated, defaulted {@code spec} is bound to. */
  Class<S> specType();

  /**
   * Envoy's rules that no OpenAPI schema or CEL rule can express (RE2 syntax and program size,
   * characters Envoy refuses): a policy breaking one gets {@code Accepted=False, Invalid} instead
   * of reaching Envoy, which would reject the whole shared resource. Paths are relative to spec.
   */
  default List<FieldError> envoyChecks(S spec) {
    return List.of();
  }

  /**
   * Filters this kind needs in the listener's HTTP filter chain (before the router). They must not
   * depend on any policy: the listener stays the same while policies change; routes switch the
   * filters on with their own per-route config.
   */
  default List<HttpFilter> httpFilters() {
    return List.of();
  }

  /**
   * {@link #httpFilters()}, for a kind whose filters call one of Breakwater's own services (the
   * global rate limit service): the same rules, given where those services are.
   */
  default List<HttpFilter> httpFilters(ProxyServices services) {
    return httpFilters();
  }

  /**
   * Rewrites this kind needs on Envoy's own answers (local replies), in the listener; like the
   * filters they must not depend on any policy (values come from cluster or route metadata).
   */
  default List<ResponseMapper> localReplyMappers() {
    return List.of();
  }

  /** Message types this kind packs into {@code Any} fields, so its config prints as JSON. */
  default List<Descriptor> envoyTypes() {
    return List.of();
  }

  /**
   * Service ports of the policy's namespace the policy sends requests to besides its target (a
   * fallback). Translation resolves them into {@code RoutedPort.backends}, each with an EDS
   * cluster of its own; a missing one makes ResolvedRefs False and is left out.
   */
  default List<BackendRef> backends(S spec) {
    return List.of();
  }

  /**
   * Clusters of Breakwater's own services this policy calls (the global rate limit service).
   * Every policy needing one names the same cluster: it is added once, and only while some policy
   * needs it.
   */
  default List<Cluster> serviceClusters(S spec, ProxyServices services) {
    return List.of();
  }

  /** Clusters this policy adds for a port it won (e.g. one that fails over to a backend). */
  default List<Cluster> extraClusters(S spec, PolicyMeta meta, RoutedPort port) {
    return List.of();
  }

  /**
   * Whether this policy can apply to a port it won next to the port's other winners ({@code
   * port.policies()}, this policy included); empty when it can. A refused policy shapes nothing
   * on that port. Asked before any resource is built.
   */
  default Optional<PortRefusal> refusal(S spec, PolicyMeta meta, RoutedPort port) {
    return Optional.empty();
  }

  /**
   * Conditions this policy causes on the port's policies, itself or another kind's (e.g. a field
   * of another policy Envoy ignores because of this one: {@link PortNote#OVERRIDDEN}). Asked
   * after refusals: {@code port.policies()} holds only the policies that apply there.
   */
  default List<PortNote> notes(S spec, PolicyMeta meta, RoutedPort port) {
    return List.of();
  }

  /** Shapes the EDS cluster of a Service port this policy won. */
  default void shapeCluster(S spec, PolicyMeta meta, RoutedPort port, Cluster.Builder cluster) {}

  /**
   * Shapes the virtual host of a Service port this policy won. A per-filter config set here is one
   * object shared by every route of the host (route-level configs override it per filter), which
   * is how a rate limit keeps one bucket whatever the routes are split into.
   */
  default void shapeVirtualHost(S spec, PolicyMeta meta, RoutedPort port,
      VirtualHost.Builder host) {}

  /**
   * Shapes the routes of a Service port this policy won; may add, split or change routes. Kinds
   * run in registry order, each given the previous one's routes; the last one is the catch-all.
   */
  default List<RouteDraft> shapeRoutes(S spec, PolicyMeta meta, RoutedPort port,
      List<RouteDraft> routes) {
    return routes;
  }
}
