package dev.breakwater.xds.policies.ratelimit;

import com.google.protobuf.Descriptors.Descriptor;
import dev.breakwater.xds.check.HttpText;
import dev.breakwater.xds.check.Re2Regex;
import dev.breakwater.xds.ir.RoutedPort;
import dev.breakwater.xds.model.PolicyMeta;
import dev.breakwater.xds.policies.ratelimit.RateLimitSettings.Limit;
import dev.breakwater.xds.policy.PolicyKind;
import dev.breakwater.xds.policy.ProxyServices;
import dev.breakwater.xds.policy.RouteDraft;
import dev.breakwater.xds.schema.FieldError;
import io.envoyproxy.envoy.config.accesslog.v3.AccessLogFilter;
import io.envoyproxy.envoy.config.accesslog.v3.ResponseFlagFilter;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.ratelimit.v3.RateLimit;
import io.envoyproxy.envoy.extensions.filters.http.ratelimit.v3.RateLimitPerRoute;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.ResponseMapper;
import io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit;
import io.envoyproxy.envoy.extensions.filters.http.lua.v3.Lua;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.type.v3.StatusCode;
import java.util.ArrayList;
import java.util.List;

/**
 * RateLimitPolicy: local token buckets per route, one {@code local_ratelimit} filter per limit
 * (see RateLimitLayout); global limits through the {@code ratelimit} filter asking Breakwater's
 * rate limit service (GlobalRateLimitTranslator); and a script that finishes refusals
 * (RetryAfterScript).
 */
public final class RateLimitPolicyKind implements PolicyKind<RateLimitSettings> {
  public static final String NAME = "RateLimitPolicy";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String plural() {
    return "ratelimitpolicies";
  }

  @Override
  public Class<RateLimitSettings> specType() {
    return RateLimitSettings.class;
  }

  @Override
  public List<FieldError> envoyChecks(RateLimitSettings spec) {
    List<FieldError> errors = new ArrayList<>();
    for (int i = 0; i < spec.limits().size(); i++) {
      Limit limit = spec.limits().get(i);
      if (limit.match() == null || limit.match().path() == null) {
        continue;
      }
      String field = "limits[" + i + "].match.path.value";
      String value = limit.match().path().value();
      (limit.match().path().type() == RateLimitSettings.PathMatchType.RegularExpression
          ? Re2Regex.problem(value)
          : HttpText.routePathProblem(value))
          .ifPresent(problem -> errors.add(new FieldError(field, problem)));
    }
    if (spec.response() != null) {
      errors.addAll(HttpText.headersProblems("response.headers", spec.response().headers()));
    }
    if (spec.response() != null && spec.response().status() != null
        && (spec.response().status() < 400
            || StatusCode.forNumber(spec.response().status()) == null)) {
      errors.add(new FieldError("response.status", "Envoy answers a rate-limited request with a"
          + " registered 4xx or 5xx status only, not " + spec.response().status()
          + "; use e.g. 429 or 503"));
    }
    return errors;
  }

  /**
   * The answer script first, so it sees every refusal last; then the local chain; then the
   * global filters, so that a request a local limit refuses never reaches the service.
   */
  @Override
  public List<HttpFilter> httpFilters(ProxyServices services) {
    List<HttpFilter> filters = new ArrayList<>();
    filters.add(RetryAfterScript.filter());
    filters.addAll(LocalRateLimitTranslator.chain());
    filters.addAll(GlobalRateLimitTranslator.filters(services));
    return filters;
  }

  @Override
  public List<HttpFilter> httpFilters() {
    return httpFilters(ProxyServices.DEFAULTS);
  }

  /** The service's cluster, while this policy has a global limit. */
  @Override
  public List<Cluster> serviceClusters(RateLimitSettings spec, ProxyServices services) {
    return spec.globalLimits().isEmpty() ? List.of()
        : List.of(RateLimitServiceCluster.cluster(services));
  }

  /**
   * A refusal because the rate limit service could not decide (failureMode Closed; response flag
   * RLSE) carries the mark RetryAfterScript finishes it by, as a global limit's refusals do.
   */
  @Override
  public List<ResponseMapper> localReplyMappers() {
    return List.of(ResponseMapper.newBuilder()
        .setFilter(AccessLogFilter.newBuilder().setResponseFlagFilter(
            ResponseFlagFilter.newBuilder().addFlags("RLSE")))
        .addHeadersToAdd(HeaderValueOption.newBuilder()
            .setHeader(HeaderValue.newBuilder().setKey(RetryAfterScript.LIMITED_MARKER)
                .setValue(GlobalRateLimitTranslator.UNAVAILABLE_MARK))
            .setAppendAction(HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD))
        .build());
  }

  @Override
  public List<Descriptor> envoyTypes() {
    return List.of(LocalRateLimit.getDescriptor(), Lua.getDescriptor(),
        io.envoyproxy.envoy.extensions.filters.http.lua.v3.LuaPerRoute.getDescriptor(),
        RateLimit.getDescriptor(), RateLimitPerRoute.getDescriptor(),
        io.envoyproxy.envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate
            .getDescriptor());
  }

  @Override
  public void shapeVirtualHost(RateLimitSettings spec, PolicyMeta meta, RoutedPort port,
      VirtualHost.Builder host) {
    RateLimitRoutes.shapeHost(spec, meta, host);
  }

  @Override
  public List<RouteDraft> shapeRoutes(RateLimitSettings spec, PolicyMeta meta, RoutedPort port,
      List<RouteDraft> routes) {
    return RateLimitRoutes.shapeRoutes(spec, meta, port, routes);
  }
}
