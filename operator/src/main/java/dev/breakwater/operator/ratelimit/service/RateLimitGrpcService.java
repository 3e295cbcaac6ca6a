package dev.breakwater.operator.ratelimit.service;

import dev.breakwater.operator.ratelimit.rules.DescriptorReader;
import dev.breakwater.xds.policies.ratelimit.descriptor.InvalidDescriptorException;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Envoy's {@code envoy.service.ratelimit.v3.RateLimitService}: each Breakwater descriptor is one
 * store decision, taken in the order Envoy sent them (the translator sends the tightest limit
 * first). The first enforced refusal ends the call: the descriptors after it are not decided, so a
 * request one limit refuses takes nothing from the others. When a decision cannot be made the
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
    decideInOrder(checks, 0, new ArrayList<>(checks.size())).whenComplete((decisions, failure) -> {
      if (failure != null) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause() : failure;
        response.onError(Status.UNAVAILABLE.withDescription(cause.getMessage()).asRuntimeException());
        return;
      }
      response.onNext(ResponseBuilder.build(checks, decisions));
      response.onCompleted();
    });
  }

  /**
   * Decides {@code checks} from {@code next} on, one after the other; a null decision stands for
   * a descriptor that is not Breakwater's or was not decided (after an enforced refusal).
   */
  private CompletableFuture<List<Decision>> decideInOrder(List<Optional<LimitCheck>> checks,
      int next, List<Decision> decided) {
    int at = next;
    while (at < checks.size() && checks.get(at).isEmpty()) {
      decided.add(null);
      at++;
    }
    if (at == checks.size()) {
      return CompletableFuture.completedFuture(decided);
    }
    LimitCheck check = checks.get(at).get();
    int following = at + 1;
    return decide(check).thenCompose(decision -> {
      decided.add(decision);
      if (!decision.allowed() && !check.limit().rule().dryRun()) {
        while (decided.size() < checks.size()) {
          decided.add(null);
        }
        return CompletableFuture.completedFuture(decided);
      }
      return decideInOrder(checks, following, decided);
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
