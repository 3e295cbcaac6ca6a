package dev.breakwater.e2e.devup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@code dev/up} as the README tells a newcomer to run it: it returns with the demo printed (all
 * three HealthChecks Healthy on its demo upstreams, Envoy answering 429 once the chat limit is
 * used up, no Go download lines); everything it started keeps running after it returned, Envoy
 * included (it used to get SIGTERM from its parent's exit within a second: 10 s of everything
 * alive, then traffic through Envoy, prove that is gone); {@code --status} sees every part
 * answer; {@code --down} leaves no process running, and no namespace.
 */
class DevUpIT {
  private static final DevUp DEV_UP = new DevUp("bw-devup-it-" + ProcessHandle.current().pid());

  @AfterAll
  static void down() {
    DEV_UP.run(Duration.ofMinutes(2), "--down");
  }

  @Test
  void staysUpAfterReturningAndDownStopsAllOfIt() throws IOException {
    DevUp.Result up = DEV_UP.run(Duration.ofMinutes(10));
    assertThat(up.exit()).as(up.output()).isZero();
    assertThat(up.stdout()).contains("healthcheck.resilience.breakwater.dev/cache")
        .doesNotContain("Unhealthy", "Degraded", "Unknown").contains("429");
    assertThat(up.stdout().lines().filter(l -> l.contains("Healthy"))).hasSize(3);
    assertThat(up.output()).doesNotContain("go: downloading");
    Map<String, Long> pids = DEV_UP.pids();
    assertThat(pids.keySet()).containsExactly("envoy", "etcd", "kube-apiserver", "operator",
        "upstreams");

    await("everything dev/up started keeps running after it returned")
        .during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> pids.values().stream().allMatch(DevUp::running));
    assertThat(DEV_UP.inNamespace("curl", "-s", "-w", " %{http_code}", "-H", "Host: api",
        "http://127.0.0.1:10000/after-return")).isEqualTo("api: GET /after-return\n 200");
    DevUp.Result status = DEV_UP.run(Duration.ofMinutes(1), "--status");
    assertThat(status.exit()).as(status.output()).isZero();
    assertThat(status.stdout().lines().filter(l -> l.contains("running, answers"))).hasSize(5);

    DevUp.Result down = DEV_UP.run(Duration.ofMinutes(2), "--down");

    assertThat(down.exit()).as(down.output()).isZero();
    assertThat(pids.values()).noneMatch(DevUp::running);
    assertThat(Path.of("/run/netns", DEV_UP.netns())).doesNotExist();
    assertThat(processesNaming(DEV_UP.state().toString())).as("processes left").isEmpty();
    DevUp.Result after = DEV_UP.run(Duration.ofMinutes(1), "--status");
    assertThat(after.exit()).isEqualTo(1);
    assertThat(after.stdout()).contains("not running");
  }

  /** Running processes whose command line contains {@code text}. */
  private static List<String> processesNaming(String text) throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        long pid = Long.parseLong(proc.getFileName().toString());
        try {
          String cmdline = Files.readString(proc.resolve("cmdline"), StandardCharsets.UTF_8)
              .replace('\0', ' ');
          if (cmdline.contains(text) && DevUp.running(pid)
              && pid != ProcessHandle.current().pid()) {
            found.add(pid + " " + cmdline);
          }
        } catch (IOException e) {
          // the process ended meanwhile
        }
      }
    }
    return found;
  }
}
