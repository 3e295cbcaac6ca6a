package dev.breakwater.operator.ratelimit.bench;

import dev.breakwater.xds.policies.ratelimit.descriptor.Algorithm;
import dev.breakwater.xds.policies.ratelimit.descriptor.GlobalRule;
import dev.breakwater.xds.policies.ratelimit.descriptor.RuleCodec;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives one service over one gRPC channel (as one Envoy would): an open loop at a fixed rate
 * (latency of each decision as the caller sees it, sends never wait for answers) or a closed loop
 * with a fixed number of calls in flight (throughput). Requests carry the same descriptor both
 * services understand: the Breakwater contract, FixedWindow, over {@value #USERS} users.
 */
final class BenchmarkLoad implements AutoCloseable {

  static final String LIMIT_ID = "bench/api/per-user";
  static final int USERS = 1_000;

  private final ManagedChannel channel;
  private final RateLimitServiceGrpc.RateLimitServiceStub stub;
  private final RateLimitRequest[] requests = new RateLimitRequest[USERS];

  BenchmarkLoad(int grpcPort, long requestsPerSecond) {
    channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().directExecutor().build();
    stub = RateLimitServiceGrpc.newStub(channel);
    for (int u = 0; u < USERS; u++) {
      requests[u] = RateLimitRequest.newBuilder().setDomain("breakwater")
          .addDescriptors(RateLimitDescriptor.newBuilder()
              .addEntries(entry("breakwater_limit", LIMIT_ID))
              .addEntries(entry("breakwater_rule", rule(requestsPerSecond)))
              .addEntries(entry("breakwater_key", "user-" + u)))
          .build();
    }
  }

  static String rule(long requestsPerSecond) {
    return RuleCodec.encode(GlobalRule.window(Algorithm.FixedWindow, requestsPerSecond, Duration.ofSeconds(1)));
  }

  private static RateLimitDescriptor.Entry entry(String key, String value) {
    return RateLimitDescriptor.Entry.newBuilder().setKey(key).setValue(value).build();
  }

  /** Latencies (ns) of every decision offered at {@code perSecond} for {@code duration}. */
  Result openLoop(double perSecond, Duration duration) throws InterruptedException {
    int total = (int) (perSecond * duration.toNanos() / 1e9);
    long[] latencies = new long[total];
    AtomicLong errors = new AtomicLong();
    CountDownLatch done = new CountDownLatch(total);
    long start = System.nanoTime();
    for (int i = 0; i < total; i++) {
      long due = start + (long) (i * 1e9 / perSecond);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      int index = i;
      // latency from the scheduled time: a sender that fell behind counts against the result
      stub.withDeadlineAfter(5, TimeUnit.SECONDS).shouldRateLimit(requests[i % USERS],
          observer(due, latencies, index, errors, done));
    }
    done.await(30, TimeUnit.SECONDS);
    long elapsed = System.nanoTime() - start;
    return new Result(total, errors.get(), total / (elapsed / 1e9), latencies);
  }

  /** Decisions per second with {@code inFlight} calls outstanding at all times. */
  Result closedLoop(int inFlight, Duration duration) throws InterruptedException {
    AtomicLong completed = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long end = System.nanoTime() + duration.toNanos();
    CountDownLatch drained = new CountDownLatch(inFlight);
    long start = System.nanoTime();
    for (int c = 0; c < inFlight; c++) {
      next(c, end, completed, errors, drained);
    }
    drained.await(duration.toSeconds() + 30, TimeUnit.SECONDS);
    long elapsed = System.nanoTime() - start;
    return new Result(completed.get(), errors.get(), completed.get() / (elapsed / 1e9), new long[0]);
  }

  private void next(int user, long end, AtomicLong completed, AtomicLong errors, CountDownLatch drained) {
    if (System.nanoTime() >= end) {
      drained.countDown();
      return;
    }
    stub.withDeadlineAfter(5, TimeUnit.SECONDS).shouldRateLimit(requests[user % USERS],
        new StreamObserver<>() {
          @Override
          public void onNext(RateLimitResponse value) {
            completed.incrementAndGet();
          }

          @Override
          public void onError(Throwable t) {
            errors.incrementAndGet();
            next(user + 64, end, completed, errors, drained);
          }

          @Override
          public void onCompleted() {
            next(user + 64, end, completed, errors, drained);
          }
        });
  }

  private static StreamObserver<RateLimitResponse> observer(
      long due, long[] latencies, int index, AtomicLong errors, CountDownLatch done) {
    return new StreamObserver<>() {
      @Override
      public void onNext(RateLimitResponse value) {
        latencies[index] = System.nanoTime() - due;
      }

      @Override
      public void onError(Throwable t) {
        errors.incrementAndGet();
        latencies[index] = Long.MAX_VALUE;
        done.countDown();
      }

      @Override
      public void onCompleted() {
        done.countDown();
      }
    };
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  /** {@code latencies} empty for a closed loop. */
  record Result(long calls, long errors, double perSecond, long[] latencies) {
    double percentileMillis(double p) {
      long[] sorted = latencies.clone();
      Arrays.sort(sorted);
      int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1);
      return sorted[Math.max(0, i)] / 1e6;
    }
  }
}
