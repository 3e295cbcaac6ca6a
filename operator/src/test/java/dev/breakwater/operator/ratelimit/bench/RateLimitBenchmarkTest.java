package dev.breakwater.operator.ratelimit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark of docs/benchmarks.md. By default a smoke run (a second per phase, no timing
 * assertions): both services answer every call of the harness. With -Dbreakwater.bench=full the
 * measured run; both write target/ratelimit-benchmark.md.
 */
class RateLimitBenchmarkTest {

  @TempDir
  Path dir;

  @Test
  void breakwaterAndEnvoyproxyRatelimitSideBySide() throws Exception {
    boolean full = "full".equals(System.getProperty("breakwater.bench"));
    Path operatorDir = Path.of("").toAbsolutePath();
    List<RateLimitBenchmark.Row> rows = RateLimitBenchmark.run(
        full ? RateLimitBenchmark.FULL : RateLimitBenchmark.SMOKE, dir, operatorDir.getParent());
    String table = RateLimitBenchmark.markdown(rows);
    System.out.println(table);
    Files.writeString(operatorDir.resolve("target/ratelimit-benchmark.md"), table);

    assertThat(rows).extracting(RateLimitBenchmark.Row::service).contains("breakwater", "envoyproxy/ratelimit");
    assertThat(rows).allSatisfy(r -> {
      assertThat(r.calls()).as(r.service() + " " + r.phase()).isPositive();
      assertThat(r.errors()).as(r.service() + " " + r.phase() + " errors").isZero();
    });
  }
}
