package dev.breakwater.operator.ratelimit.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breakwater.operator.ratelimit.redis.RedisNode;
import dev.breakwater.xds.policies.ratelimit.descriptor.Algorithm;
import dev.breakwater.xds.policies.ratelimit.descriptor.GlobalRule;
import dev.breakwater.xds.policies.ratelimit.descriptor.RuleCodec;
import dev.breakwater.operator.ratelimit.store.RedisSettings;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse.Code;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service as Envoy sees it: a real gRPC client, the real server, a real redis-server. */
class RateLimitServiceTest {

  @TempDir
  static Path dir;
  static RedisNode redis;
  static RateLimitServer server;
  static ManagedChannel channel;
  static RateLimitServiceGrpc.RateLimitServiceBlockingStub client;

  @BeforeAll
  static void start() {
    redis = RedisNode.standalone(dir.resolve("redis"));
    server = RateLimitServer.start("127.0.0.1", 0, 0,
        RedisSettings.standalone(redis.address(), Duration.ofMillis(100)));
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
    client = RateLimitServiceGrpc.newBlockingStub(channel);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  static String uniquePolicy() {
    return "api-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static RateLimitDescriptor descriptor(String id, GlobalRule rule, String keyEntry, String keyValue) {
    RateLimitDescriptor.Builder d = RateLimitDescriptor.newBuilder()
        .addEntries(entry("breakwater_limit", id))
        .addEntries(entry("breakwater_rule", RuleCodec.encode(rule)));
    if (keyEntry != null) {
      d.addEntries(entry(keyEntry, keyValue));
    }
    return d.build();
  }

  static RateLimitDescriptor.Entry entry(String key, String value) {
    return RateLimitDescriptor.Entry.newBuilder().setKey(key).setValue(value).build();
  }

  static RateLimitResponse ask(RateLimitDescriptor... descriptors) {
    return client.withDeadlineAfter(5, TimeUnit.SECONDS).shouldRateLimit(RateLimitRequest.newBuilder()
        .setDomain("breakwater").addAllDescriptors(java.util.List.of(descriptors)).build());
  }

  @Test
  void eachKeyHasItsOwnBudgetAndARejectionSaysWhenToRetry() {
    String id = "shop/" + uniquePolicy() + "/per-user";
    GlobalRule rule = GlobalRule.window(Algorithm.SlidingWindow, 3, Duration.ofSeconds(1));
    for (int i = 0; i < 3; i++) {
      RateLimitResponse ok = ask(descriptor(id, rule, "breakwater_key", "alice"));
      assertThat(ok.getOverallCode()).isEqualTo(Code.OK);
      assertThat(ok.getStatuses(0).getLimitRemaining()).isEqualTo(2 - i);
      assertThat(ok.getStatuses(0).getCurrentLimit().getRequestsPerUnit()).isEqualTo(3);
      assertThat(ok.getStatuses(0).getCurrentLimit().getUnit())
          .isEqualTo(RateLimitResponse.RateLimit.Unit.SECOND);
    }
    RateLimitResponse over = ask(descriptor(id, rule, "breakwater_key", "alice"));
    assertThat(over.getOverallCode()).isEqualTo(Code.OVER_LIMIT);
    assertThat(over.getStatuses(0).getCode()).isEqualTo(Code.OVER_LIMIT);
    assertThat(over.getResponseHeadersToAddList()).extracting(HeaderValue::getKey).containsExactly("retry-after");
    assertThat(over.getResponseHeadersToAdd(0).getValue()).isEqualTo("1");

    assertThat(ask(descriptor(id, rule, "breakwater_key", "bob")).getOverallCode()).isEqualTo(Code.OK);
    assertThat(ask(descriptor(id, rule, "remote_address", "alice")).getOverallCode()).isEqualTo(Code.OK);
    assertThat(ask(descriptor(id, rule, null, null)).getOverallCode()).isEqualTo(Code.OK);
  }

  @Test
  void theFirstEnforcedRefusalEndsTheCallAndTheLimitsAfterItAreNotCharged() {
    String policy = uniquePolicy();
    GlobalRule tight = GlobalRule.tokenBucket(1, Duration.ofMinutes(1), 1);
    GlobalRule loose = GlobalRule.window(Algorithm.FixedWindow, 100, Duration.ofMinutes(1));
    RateLimitDescriptor foreign = RateLimitDescriptor.newBuilder().addEntries(entry("generic_key", "x")).build();
    RateLimitDescriptor a = descriptor("shop/" + policy + "/tight", tight, null, null);
    RateLimitDescriptor b = descriptor("shop/" + policy + "/loose", loose, null, null);
    assertThat(ask(foreign, a, b).getOverallCode()).isEqualTo(Code.OK);
    RateLimitResponse second = ask(foreign, a, b);
    assertThat(second.getOverallCode()).isEqualTo(Code.OVER_LIMIT);
    assertThat(second.getStatusesList()).extracting(RateLimitResponse.DescriptorStatus::getCode)
        .containsExactly(Code.OK, Code.OVER_LIMIT, Code.UNKNOWN);
    assertThat(second.getStatuses(1).getDurationUntilReset().getSeconds()).isBetween(55L, 60L);
    // the refused request took nothing from the loose limit: 100 - the first call - this one
    assertThat(ask(b).getStatuses(0).getLimitRemaining()).isEqualTo(98);
  }

  @Test
  void aDryRunLimitIsCountedAndAnsweredOverForTheShadowFilterWithoutRetryAfter() throws Exception {
    String policy = uniquePolicy();
    GlobalRule rule = GlobalRule.window(Algorithm.FixedWindow, 1, Duration.ofMinutes(1)).asDryRun();
    RateLimitDescriptor d = descriptor("shop/" + policy + "/shadow", rule, null, null);
    assertThat(ask(d).getOverallCode()).isEqualTo(Code.OK);
    RateLimitResponse wouldLimit = ask(d);
    // a call of DryRun limits only comes from Envoy's filter in shadow mode: it counts the
    // answer as over_limit and lets the request through
    assertThat(wouldLimit.getOverallCode()).isEqualTo(Code.OVER_LIMIT);
    assertThat(wouldLimit.getStatuses(0).getCode()).isEqualTo(Code.OVER_LIMIT);
    assertThat(wouldLimit.getResponseHeadersToAddList()).isEmpty();
    // next to an enforced limit, a DryRun limit never makes the call over
    RateLimitDescriptor enforced = descriptor("shop/" + policy + "/enforced",
        GlobalRule.window(Algorithm.FixedWindow, 100, Duration.ofMinutes(1)), null, null);
    RateLimitResponse mixed = ask(enforced, d);
    assertThat(mixed.getOverallCode()).isEqualTo(Code.OK);
    assertThat(mixed.getStatuses(1).getCode()).isEqualTo(Code.OVER_LIMIT);
    assertThat(scrape()).contains("breakwater_rls_decisions_total{limit=\"shadow\",policy=\""
        + policy + "\",policy_namespace=\"shop\",result=\"would_limit\"} 2.0");
  }

  @Test
  void aBrokenDescriptorIsRefusedAsInvalidArgument() throws Exception {
    RateLimitDescriptor broken = RateLimitDescriptor.newBuilder()
        .addEntries(entry("breakwater_limit", "shop/api/x"))
        .addEntries(entry("breakwater_rule", "LeakyBucket;requests=1")).build();
    assertThatThrownBy(() -> ask(broken))
        .isInstanceOf(StatusRuntimeException.class)
        .satisfies(e -> assertThat(((StatusRuntimeException) e).getStatus().getCode())
            .isEqualTo(Status.Code.INVALID_ARGUMENT))
        .hasMessageContaining("unknown algorithm");
    assertThat(scrape()).containsPattern("breakwater_rls_invalid_descriptors_total [1-9]");
  }

  @Test
  void metricsCountDecisionsPerLimitAndTimeTheStore() throws Exception {
    String policy = uniquePolicy();
    RateLimitDescriptor d = descriptor("shop/" + policy + "/m",
        GlobalRule.window(Algorithm.FixedWindow, 2, Duration.ofMinutes(1)), null, null);
    for (int i = 0; i < 3; i++) {
      ask(d);
    }
    String tags = "limit=\"m\",policy=\"" + policy + "\",policy_namespace=\"shop\"";
    assertThat(scrape())
        .contains("breakwater_rls_decisions_total{" + tags + ",result=\"allowed\"} 2.0")
        .contains("breakwater_rls_decisions_total{" + tags + ",result=\"limited\"} 1.0")
        .contains("breakwater_rls_store_seconds_count{" + tags + "} 3")
        .contains("breakwater_rls_redis_connected 1.0");
  }

  @Test
  void withRedisDownTheCallFailsUnavailableWithinTheTimeoutAndRecovers() throws Exception {
    String policy = uniquePolicy();
    RateLimitDescriptor d = descriptor("shop/" + policy + "/down",
        GlobalRule.window(Algorithm.FixedWindow, 100, Duration.ofMinutes(1)), null, null);
    redis.stop();
    try {
      long start = System.nanoTime();
      assertThatThrownBy(() -> ask(d))
          .isInstanceOf(StatusRuntimeException.class)
          .satisfies(e -> assertThat(((StatusRuntimeException) e).getStatus().getCode())
              .isEqualTo(Status.Code.UNAVAILABLE));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(600));
      assertThat(scrape()).containsPattern("breakwater_rls_store_errors_total\\{limit=\"down\","
          + "policy=\"" + policy + "\",policy_namespace=\"shop\",reason=\"(unavailable|timeout)\"} 1.0");
    } finally {
      redis.start();
    }
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
        .until(() -> ask(d).getOverallCode() == Code.OK);
  }

  private static String scrape() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
