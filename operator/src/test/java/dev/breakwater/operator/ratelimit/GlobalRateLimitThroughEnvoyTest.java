package dev.breakwater.operator.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.util.JsonFormat;
import dev.breakwater.operator.ratelimit.redis.LoopbackPorts;
import dev.breakwater.operator.ratelimit.redis.RedisNode;
import dev.breakwater.xds.policies.ratelimit.descriptor.Algorithm;
import dev.breakwater.xds.policies.ratelimit.descriptor.GlobalLimit;
import dev.breakwater.xds.policies.ratelimit.descriptor.GlobalRule;
import dev.breakwater.xds.policies.ratelimit.descriptor.LimitId;
import dev.breakwater.xds.policies.ratelimit.descriptor.RouteActions;
import dev.breakwater.operator.ratelimit.service.RateLimitServer;
import dev.breakwater.operator.ratelimit.store.RedisSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The descriptor contract end to end: a real Envoy whose route carries the rate_limits that
 * {@link RouteActions} builds, its ratelimit filter calling the real service, on a real
 * redis-server. One listener fails open, one closed (status_on_error 503).
 */
class GlobalRateLimitThroughEnvoyTest {

  static final Duration FILTER_TIMEOUT = Duration.ofMillis(500);
  static final String POLICY = "api-" + UUID.randomUUID().toString().substring(0, 8);
  /** 5 per 2 s per x-user, sliding window; and a DryRun limit of 1 a minute for everyone. */
  static final GlobalLimit PER_USER = new GlobalLimit(new LimitId("shop", POLICY, "per-user"),
      GlobalRule.window(Algorithm.SlidingWindow, 5, Duration.ofSeconds(2)));
  static final GlobalLimit SHADOW = new GlobalLimit(new LimitId("shop", POLICY, "shadow"),
      GlobalRule.window(Algorithm.FixedWindow, 1, Duration.ofMinutes(1)).asDryRun());

  @TempDir
  static Path dir;
  static RedisNode redis;
  static RateLimitServer service;
  static Process envoy;
  static int openPort;
  static int closedPort;
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeAll
  static void start() throws Exception {
    redis = RedisNode.standalone(dir.resolve("redis"));
    service = RateLimitServer.start("127.0.0.1", 0, 0,
        RedisSettings.standalone(redis.address(), Duration.ofMillis(100)));
    openPort = LoopbackPorts.free();
    closedPort = LoopbackPorts.free();
    String rateLimits = "[" + JsonFormat.printer().omittingInsignificantWhitespace()
        .print(RouteActions.forLimit(PER_USER, "x-user", false)) + ","
        + JsonFormat.printer().omittingInsignificantWhitespace()
        .print(RouteActions.forLimit(SHADOW, null, false)) + "]";
    String bootstrap = resource("/ratelimit/envoy-global-ratelimit.yaml")
        .replace("__RATE_LIMITS__", rateLimits)
        .replace("__OPEN_PORT__", Integer.toString(openPort))
        .replace("__CLOSED_PORT__", Integer.toString(closedPort))
        .replace("__BACKEND_PORT__", Integer.toString(LoopbackPorts.free()))
        .replace("__RLS_PORT__", Integer.toString(service.grpcPort()));
    Path config = dir.resolve("envoy.yaml");
    Files.writeString(config, bootstrap);
    envoy = new ProcessBuilder(envoyBinary().toString(), "-c", config.toString(),
        "--use-dynamic-base-id", "--log-level", "warn")
        .redirectErrorStream(true).redirectOutput(dir.resolve("envoy.log").toFile()).start();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
        .until(() -> get(openPort, "warmup-" + UUID.randomUUID()).statusCode() == 200
            && get(closedPort, "warmup-" + UUID.randomUUID()).statusCode() == 200);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (envoy != null) {
      envoy.destroy();
      if (!envoy.waitFor(10, TimeUnit.SECONDS)) {
        envoy.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    if (service != null) {
      service.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void aUserGetsFiveAndThen429WithRetryAfterAndRateLimitHeadersWhileOthersGoOn() throws Exception {
    String alice = "alice-" + UUID.randomUUID();
    List<Integer> codes = new ArrayList<>();
    List<HttpResponse<String>> responses = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      responses.add(get(i % 2 == 0 ? openPort : closedPort, alice));
      codes.add(responses.get(i).statusCode());
    }
    assertThat(codes).as("both listeners share one budget").containsExactly(200, 200, 200, 200, 200, 429, 429);
    HttpResponse<String> last = responses.get(6);
    assertThat(last.headers().firstValue("retry-after")).hasValueSatisfying(v ->
        assertThat(Integer.parseInt(v)).isBetween(1, 2));
    // the headers describe the limits that have a unit period: the DryRun one (1 a minute) is
    // spent, and decided only while the per-user limit admits (a refusal ends the call)
    assertThat(responses.get(4).headers().firstValue("x-ratelimit-remaining")).hasValue("0");
    assertThat(get(openPort, "bob-" + UUID.randomUUID()).statusCode()).as("another user").isEqualTo(200);
  }

  @Test
  void redisDownFailsOpenOnOneListenerAndClosedOnTheOtherThenLimitingResumes() throws Exception {
    redis.stop();
    try {
      for (int i = 0; i < 5; i++) {
        long start = System.nanoTime();
        assertThat(get(openPort, "carol").statusCode()).as("failureMode Open").isEqualTo(200);
        assertThat(get(closedPort, "carol").statusCode()).as("failureMode Closed").isEqualTo(503);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("two requests, none hanging")
            .isLessThan(FILTER_TIMEOUT.multipliedBy(2).plusSeconds(1));
      }
    } finally {
      redis.start();
    }
    String dave = "dave-" + UUID.randomUUID();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> get(closedPort, "probe-" + UUID.randomUUID()).statusCode() == 200);
    List<Integer> codes = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      codes.add(get(openPort, dave).statusCode());
    }
    assertThat(codes).as("limiting again").containsExactly(200, 200, 200, 200, 200, 429);
  }

  private static HttpResponse<String> get(int port, String user) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
        .header("x-user", user).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = GlobalRateLimitThroughEnvoyTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Path envoyBinary() {
    String env = System.getenv("ENVOY");
    return env != null ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".cache", "breakwater", "envoy-1.36.4", "envoy");
  }
}
