package dev.breakwater.xds.policy;

import com.google.protobuf.Any;
import dev.breakwater.xds.model.FixedAnswer;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import com.github.xds.core.v3.TypedExtensionConfig;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.extensions.filters.http.custom_response.v3.CustomResponse;
import io.envoyproxy.envoy.extensions.http.custom_response.local_response_policy.v3.LocalResponsePolicy;
import io.envoyproxy.envoy.type.matcher.v3.HttpResponseHeaderMatchInput;
import com.github.xds.type.matcher.v3.Matcher;
import com.github.xds.type.matcher.v3.StringMatcher;
import java.util.List;
import java.util.Map;

/**
 * A fixed answer that replaces a response carrying a marker header (e.g. the breaker's
 * {@code x-breakwater-breaker: open...}), through the {@value #FILTER} filter every listener
 * has, inert until a route configures it. A route's rules are tried in order.
 *
 * @param markerHeader the response header whose presence (value starting with
 *     {@code markerPrefix}) selects the answer
 */
public record FixedResponseRule(String markerHeader, String markerPrefix, int defaultStatus,
    FixedAnswer response) {
  public static final String FILTER = "envoy.filters.http.custom_response";

  /** The per-route config of the filter for {@code rules}. */
  static CustomResponse config(List<FixedResponseRule> rules) {
    Matcher.MatcherList.Builder list = Matcher.MatcherList.newBuilder();
    for (FixedResponseRule rule : rules) {
      list.addMatchers(Matcher.MatcherList.FieldMatcher.newBuilder()
          .setPredicate(Matcher.MatcherList.Predicate.newBuilder().setSinglePredicate(
              Matcher.MatcherList.Predicate.SinglePredicate.newBuilder()
                  .setInput(TypedExtensionConfig.newBuilder().setName(rule.markerHeader())
                      .setTypedConfig(Any.pack(HttpResponseHeaderMatchInput.newBuilder()
                          .setHeaderName(rule.markerHeader()).build())))
                  .setValueMatch(StringMatcher.newBuilder().setPrefix(rule.markerPrefix()))))
          .setOnMatch(Matcher.OnMatch.newBuilder().setAction(TypedExtensionConfig.newBuilder()
              .setName("fixed")
              .setTypedConfig(Any.pack(rule.policy())))));
    }
    return CustomResponse.newBuilder()
        .setCustomResponseMatcher(Matcher.newBuilder().setMatcherList(list))
        .build();
  }

  private LocalResponsePolicy policy() {
    LocalResponsePolicy.Builder policy = LocalResponsePolicy.newBuilder()
        .setStatusCode(Protos.uint32(response.status() == null ? defaultStatus : response.status()));
    if (response.body() != null) {
      policy.setBody(DataSource.newBuilder().setInlineString(response.body()));
    }
    for (Map.Entry<String, String> header : response.headers().entrySet()) {
      policy.addResponseHeadersToAdd(HeaderValueOption.newBuilder()
          .setHeader(HeaderValue.newBuilder().setKey(header.getKey())
              // header values are formatter strings in Envoy: a literal % is written %%
              .setValue(header.getValue().replace("%", "%%")))
          .setAppendAction(HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD));
    }
    return policy.build();
  }
}
