package dev.breakwater.operator.ratelimit.service;

import dev.breakwater.operator.ratelimit.rules.DescriptorReader;
import dev.breakwater.operator.ratelimit.rules.InvalidDescriptorException;
import dev.breakwater.operator.ratelimit.rules.LimitCheck;
import dev.breakwater.operator.ratelimit.store.Decision;
import dev.breakwater.operator.ratelimit.store.LimitStore;
import dev.breakwater.operator.ratelimit.store.StoreException;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Envoy's {@code envoy.service.ratelimit.v3.RateLimitService}: each Breakwater descriptor is one
 * store decision (all of a request's run concurrently). When any of them cannot be decided the
 * call fails with UNAVAILABLE, and Envoy applies the policy's failureMode (the filter's
 * {@code failure_mode_deny}, {@code status_on_error}); a descriptor breaking the contract fails
 * it with INVALID_ARGUMENT, the same way. Descriptors that are not Breakwater's are answered OK.
 */
public final class RateLimitGrpcService extends RateLimitServiceGrpc.RateLimitServiceImplBase {

  private final LimitStore store;
  private final RateLimitMetrics metrics;
  private final DescriptorReader reader = new DescriptorReader(new RuleCache());

  public RateLimitGrpcService(LimitStore store, RateLimitMetrics metrics) {
    this.store = store;
    this.metrics = metrics;
  }

  @Override
  public void shouldRateLimit(RateLimitRequest request, StreamObserver<RateLimitResponse> response) {
    List<Optional<LimitCheck>> checks = new ArrayList<>(request.getDescriptorsCount());
    try {
      for (RateLimitDescriptor descriptor : request.getDescriptorsList()) {
        checks.add(reader.read(descriptor, request.getHitsAddend()));
      }
    } catch (InvalidDescriptorException e) {
      metrics.invalidDescriptor();
      response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    @SuppressWarnings("unchecked")
    CompletableFuture<Decision>[] decisions = new CompletableFuture[checks.size()];
    for (int i = 0; i < checks.size(); i++) {
      decisions[i] = checks.get(i).map(this::decide)
          .orElse(CompletableFuture.completedFuture(null));
    }
    CompletableFuture.allOf(decisions).whenComplete((ignored, failure) -> {
      if (failure != null) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause() : failure;
        response.onError(Status.UNAVAILABLE.withDescription(cause.getMessage()).asRuntimeException());
        return;
      }
      response.onNext(ResponseBuilder.build(checks,
          Arrays.stream(decisions).map(CompletableFuture::join).toList()));
      response.onCompleted();
    });
  }

  private CompletableFuture<Decision> decide(LimitCheck check) {
    long start = System.nanoTime();
    return store.decide(check).whenComplete((decision, failure) -> {
      long nanos = System.nanoTime() - start;
      if (failure == null) {
        metrics.decided(check.limit(), decision, nanos);
      } else {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause() : failure;
        metrics.failed(check.limit(), cause instanceof StoreException e ? e
            : new StoreException("error", String.valueOf(cause.getMessage()), cause), nanos);
      }
    });
  }
}
