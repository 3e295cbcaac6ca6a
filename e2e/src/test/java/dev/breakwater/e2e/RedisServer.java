package dev.breakwater.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real redis-server (Debian's package, from provision) on 127.0.0.1, a child process of the
 * test stopped by its own handle; it can be stopped and started again on the same port. No
 * persistence: a restarted server comes back empty, as a crashed cache would.
 */
public final class RedisServer implements AutoCloseable {
  private final Path dir;
  private final int port;
  private Process process;

  private RedisServer(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  public static RedisServer start(String name) {
    return new RedisServer(TestBed.workDir(name), FreePorts.next()).start();
  }

  public String address() {
    return "127.0.0.1:" + port;
  }

  /** Starts (again) and waits until it answers PING. */
  public synchronized RedisServer start() {
    if (process != null && process.isAlive()) {
      return this;
    }
    try {
      process = new ProcessBuilder(List.of(TestBed.get().redisServer().toString(),
          "--bind", "127.0.0.1", "--port", Integer.toString(port), "--dir", dir.toString(),
          "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    await("redis-server on " + port).atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50)).until(this::answersPing);
    return this;
  }

  /** Stops the server (SIGTERM, SIGKILL after 10 s) and waits for the process to end. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    ChildProcess.stop(process, Duration.ofSeconds(10));
    process = null;
  }

  private boolean answersPing() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      socket.setSoTimeout(2000);
      socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      byte[] reply = in.readNBytes(5);
      return "+PONG".equals(new String(reply, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    stop();
  }
}
