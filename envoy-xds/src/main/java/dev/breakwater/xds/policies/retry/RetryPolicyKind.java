package dev.breakwater.xds.policies.retry;

import com.google.protobuf.Descriptors.Descriptor;
import dev.breakwater.xds.ir.RoutedPort;
import dev.breakwater.xds.model.PolicyMeta;
import dev.breakwater.xds.policy.PolicyKind;
import dev.breakwater.xds.policy.PortNote;
import dev.breakwater.xds.policy.PortRefusal;
import dev.breakwater.xds.policy.RouteDraft;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.route.v3.RetryPolicy;
import io.envoyproxy.envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate;
import java.util.List;
import java.util.Optional;

/**
 * RetryPolicy: Envoy retries on the caller's behalf. Every route of the target gets the same
 * {@code retry_policy} (so match routes another kind added are retried alike); a budget goes onto
 * the cluster's circuit breaker thresholds.
 */
public final class RetryPolicyKind implements PolicyKind<RetrySettings> {
  public static final String NAME = "RetryPolicy";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String plural() {
    return "retrypolicies";
  }

  @Override
  public Class<RetrySettings> specType() {
    return RetrySettings.class;
  }

  @Override
  public List<Descriptor> envoyTypes() {
    return List.of(PreviousHostsPredicate.getDescriptor());
  }

  @Override
  public Optional<PortRefusal> refusal(RetrySettings spec, PolicyMeta meta, RoutedPort port) {
    return PerTryTimeoutRule.check(spec, port);
  }

  @Override
  public List<PortNote> notes(RetrySettings spec, PolicyMeta meta, RoutedPort port) {
    return MaxRetriesOverride.notes(spec, meta, port);
  }

  @Override
  public void shapeCluster(RetrySettings spec, PolicyMeta meta, RoutedPort port,
      Cluster.Builder cluster) {
    if (spec.budget() != null) {
      RetryBudgetTranslator.shape(spec.budget(), cluster.getCircuitBreakersBuilder());
    }
  }

  @Override
  public List<RouteDraft> shapeRoutes(RetrySettings spec, PolicyMeta meta, RoutedPort port,
      List<RouteDraft> routes) {
    RetryPolicy retry = RouteRetryTranslator.retryPolicy(spec);
    routes.forEach(route -> route.action().setRetryPolicy(retry));
    return routes;
  }
}
