package dev.breakwater.xds.policies.ratelimit;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import dev.breakwater.xds.check.HttpText;
import dev.breakwater.xds.check.Re2Regex;
import dev.breakwater.xds.ir.RoutedPort;
import dev.breakwater.xds.model.PolicyMeta;
import dev.breakwater.xds.policies.ratelimit.RateLimitSettings.Limit;
import dev.breakwater.xds.policy.PolicyKind;
import dev.breakwater.xds.policy.RouteDraft;
import dev.breakwater.xds.schema.FieldError;
import io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.ArrayList;
import java.util.List;

/** RateLimitPolicy: local token buckets per route (HTTP {@code local_ratelimit}). */
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
    return errors;
  }

  @Override
  public List<HttpFilter> httpFilters() {
    return List.of(HttpFilter.newBuilder()
        .setName(LocalRateLimitTranslator.FILTER_NAME)
        .setTypedConfig(Any.pack(LocalRateLimitTranslator.listenerFilter()))
        .build());
  }

  @Override
  public List<Descriptor> envoyTypes() {
    return List.of(LocalRateLimit.getDescriptor());
  }

  @Override
  public List<RouteDraft> shapeRoutes(RateLimitSettings spec, PolicyMeta meta, RoutedPort port,
      List<RouteDraft> routes) {
    return RateLimitRoutes.shape(spec, meta, port, routes);
  }
}
