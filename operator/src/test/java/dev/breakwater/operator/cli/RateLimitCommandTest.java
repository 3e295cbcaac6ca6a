package dev.breakwater.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakwater.operator.Main;
import dev.breakwater.operator.ratelimit.store.RedisSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RateLimitCommandTest {

  @Test
  void flagsBecomeRedisSettings() {
    RateLimitCommand command = new RateLimitCommand();
    new CommandLine(command).parseArgs("--redis", "10.0.0.1:6379, 10.0.0.2:6379", "--redis-cluster",
        "--redis-tls", "--store-timeout-ms", "30");
    RedisSettings settings = command.redisSettings();
    assertThat(settings.cluster()).isTrue();
    assertThat(settings.tls()).isTrue();
    assertThat(settings.addresses()).containsExactly("10.0.0.1:6379", "10.0.0.2:6379");
    assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(30));
    assertThat(command.grpcPort).isEqualTo(8081);
    assertThat(command.httpPort).isEqualTo(8080);
  }

  @Test
  void withoutARedisAddressItRefusesToStart() {
    StringWriter err = new StringWriter();
    int code = Main.commandLine().setErr(new PrintWriter(err)).execute("ratelimit");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--redis");
  }
}
