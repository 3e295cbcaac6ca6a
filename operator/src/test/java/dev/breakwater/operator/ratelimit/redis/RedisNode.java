package dev.breakwater.operator.ratelimit.redis;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One redis-server on 127.0.0.1, a child process of the test (never daemonized), so it is
 * stopped by its own handle. No persistence: a restarted standalone node comes back empty; a
 * cluster node keeps its identity through its nodes.conf in {@code dir}.
 */
public final class RedisNode implements AutoCloseable {

  private final Path dir;
  private final int port;
  private final Integer busPort;
  private Process process;

  private RedisNode(Path dir, int port, Integer busPort) {
    this.dir = dir;
    this.port = port;
    this.busPort = busPort;
  }

  public static RedisNode standalone(Path dir) {
    return new RedisNode(dir, LoopbackPorts.free(), null).start();
  }

  /** A standalone server on a port chosen before (e.g. one a client already points at). */
  public static RedisNode onPort(Path dir, int port) {
    return new RedisNode(dir, port, null).start();
  }

  static RedisNode clusterNode(Path dir) {
    return new RedisNode(dir, LoopbackPorts.free(), LoopbackPorts.free()).start();
  }

  public int port() {
    return port;
  }

  public String address() {
    return "127.0.0.1:" + port;
  }

  public boolean running() {
    return process != null && process.isAlive();
  }

  /** Starts (again) on the same port and directory, and waits until it answers PING. */
  public synchronized RedisNode start() {
    if (running()) {
      return this;
    }
    try {
      Files.createDirectories(dir);
      List<String> command = new ArrayList<>(List.of(RedisBinaries.server().toString(),
          "--bind", "127.0.0.1", "--port", Integer.toString(port), "--dir", dir.toString(),
          "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"));
      if (busPort != null) {
        command.addAll(List.of("--cluster-enabled", "yes", "--cluster-port", busPort.toString(),
            "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "1000",
            // a failing shard must not stop the others (the default refuses every key meanwhile)
            "--cluster-require-full-coverage", "no"));
      }
      process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
        .until(() -> "+PONG".equals(command("PING")));
    return this;
  }

  /** Stops the server (SIGTERM, then SIGKILL after 10 s) and waits for the process to end. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    process = null;
  }

  /** SIGKILL: a crash, nothing flushed, no goodbye to the cluster. */
  public synchronized void kill() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  /** One inline command over a plain socket; the first reply line, or null when unreachable. */
  public String command(String inline) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      socket.setSoTimeout(2000);
      OutputStream out = socket.getOutputStream();
      out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) != -1 && c != '\n') {
        if (c != '\r') {
          line.append((char) c);
        }
      }
      if (line.length() > 0 && line.charAt(0) == '$') {
        // bulk string: the payload follows on the next lines; read what the length says
        int length = Integer.parseInt(line.substring(1));
        if (length < 0) {
          return null;
        }
        byte[] body = in.readNBytes(length);
        return new String(body, StandardCharsets.UTF_8);
      }
      return line.toString();
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public void close() {
    stop();
  }
}
