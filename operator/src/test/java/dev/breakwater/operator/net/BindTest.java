package dev.breakwater.operator.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class BindTest {

  @Test
  void aPortStillTakenIsWaitedForAndTakenWhenFreed() throws Exception {
    ServerSocket holder = new ServerSocket();
    holder.bind(new InetSocketAddress("127.0.0.1", 0));
    int port = holder.getLocalPort();

    CompletableFuture<HttpServer> started = CompletableFuture.supplyAsync(() -> Bind.withRetry(
        "HTTP", port, () -> HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0)));
    await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5))
        .until(() -> !started.isDone());
    holder.close();

    HttpServer server = started.get();
    try {
      assertThat(server.getAddress().getPort()).isEqualTo(port);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void otherFailuresAreNotRetried() {
    assertThatThrownBy(() -> Bind.withRetry("HTTP", 1, () -> {
      throw new IOException("Permission denied");
    })).isInstanceOf(UncheckedIOException.class).hasMessageContaining("Permission denied");
  }
}
