package dev.breakwater.xds.policies.retry;

import com.google.protobuf.Any;
import dev.breakwater.xds.policies.retry.RetrySettings.RetryOn;
import dev.breakwater.xds.policy.Protos;
import io.envoyproxy.envoy.config.route.v3.RetryPolicy;
import io.envoyproxy.envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate;
import java.util.ArrayList;
import java.util.List;

/**
 * RetryPolicy -> a route's {@code retry_policy}: what is retried ({@code retry_on}, {@code
 * retriable_status_codes}), how often ({@code num_retries} = maxAttempts - 1), how long a try may
 * take ({@code per_try_timeout}) and where a retry goes: to an endpoint not tried yet for this
 * request ({@code previous_hosts}, up to {@link #HOST_SELECTION_ATTEMPTS} picks; with a single
 * endpoint the retry still goes to it). Methods and back-off have translators of their own.
 */
final class RouteRetryTranslator {
  static final String PREVIOUS_HOSTS = "envoy.retry_host_predicates.previous_hosts";
  static final int HOST_SELECTION_ATTEMPTS = 3;
  private static final String RETRIABLE_STATUS_CODES = "retriable-status-codes";

  private RouteRetryTranslator() {}

  static RetryPolicy retryPolicy(RetrySettings spec) {
    RetryPolicy.Builder retry = RetryPolicy.newBuilder()
        .setRetryOn(retryOn(spec))
        // Envoy's default is 1 retry when unset; 0 (maxAttempts 1) must be said.
        .setNumRetries(Protos.uint32(spec.maxAttempts() - 1))
        .addRetryHostPredicate(RetryPolicy.RetryHostPredicate.newBuilder()
            .setName(PREVIOUS_HOSTS)
            .setTypedConfig(Any.pack(PreviousHostsPredicate.getDefaultInstance())))
        .setHostSelectionRetryMaxAttempts(HOST_SELECTION_ATTEMPTS)
        .addAllRetriableStatusCodes(spec.retriableStatuses());
    if (spec.perTryTimeout() != null) {
      retry.setPerTryTimeout(Protos.duration(spec.perTryTimeout()));
    }
    RetryMethodsTranslator.retriableRequestHeaders(spec.methods())
        .ifPresent(retry::addRetriableRequestHeaders);
    RetryBackOffTranslator.shape(spec, retry);
    return retry.build();
  }

  /** Envoy's retry_on conditions, in a fixed order. */
  static String retryOn(RetrySettings spec) {
    List<String> on = new ArrayList<>();
    for (RetryOn r : RetryOn.values()) {
      if (spec.retryOn().contains(r)) {
        on.add(switch (r) {
          case ServerError -> "5xx";
          case GatewayError -> "gateway-error";
          case Reset -> "reset";
          case ConnectFailure -> "connect-failure";
        });
      }
    }
    if (!spec.retriableStatuses().isEmpty()) {
      on.add(RETRIABLE_STATUS_CODES);
    }
    return String.join(",", on);
  }
}
