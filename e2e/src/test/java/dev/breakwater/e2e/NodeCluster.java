package dev.breakwater.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The test bed's single-node Kubernetes ({@code e2e/tools/cluster}): started in the suite's own
 * network namespace (this JVM's), stopped with the suite, by a shutdown hook when the run is
 * interrupted, and by the script's own watcher of this JVM's PID when the JVM is killed outright;
 * whatever still survived is cleaned by the next {@code up}. Logs go to {@code e2e/target/e2e/node/}.
 */
public final class NodeCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeCluster.class);
  private static final Duration UP_LIMIT = Duration.ofMinutes(5);
  private static final Duration DOWN_LIMIT = Duration.ofMinutes(2);

  private final Map<String, String> values;
  private final Thread shutdownHook;
  private volatile boolean stopped;

  private NodeCluster(Map<String, String> values) {
    this.values = values;
    this.shutdownHook = new Thread(this::down, "breakwater-node-down");
  }

  public static NodeCluster up() {
    // An interrupted run is cleaned up by the script itself before it starts again.
    Map<String, String> values = parse(run(List.of("up"), UP_LIMIT));
    NodeCluster node = new NodeCluster(values);
    Runtime.getRuntime().addShutdownHook(node.shutdownHook);
    LOG.info("node {} Ready {} ms after start (API server {} ms); logs in {}",
        values.get("NODE_NAME"), values.get("NODE_READY_MS"), values.get("API_READY_MS"),
        values.get("NODE_LOGS"));
    return node;
  }

  /** {@code ctr images import}: the image becomes usable by pods with pull policy IfNotPresent. */
  public void importImage(Path tar) {
    run(List.of("import", tar.toString()), Duration.ofMinutes(3));
  }

  public Path kubeconfig() {
    return Path.of(value("KUBECONFIG"));
  }

  public String value(String key) {
    String v = values.get(key);
    if (v == null) {
      throw new IllegalStateException("cluster up printed no " + key + ": " + values);
    }
    return v;
  }

  /** Resident memory of the node's daemons and containers, as `cluster status` reports it. */
  public String status() {
    return run(List.of("status"), Duration.ofSeconds(30));
  }

  @Override
  public void close() {
    down();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook is running or ran
    }
  }

  private synchronized void down() {
    if (stopped) {
      return;
    }
    stopped = true;
    if (Boolean.getBoolean("breakwater.node.keep")) {
      // debugging aid: the node stays up for inspection; `e2e/tools/cluster down` removes it
      LOG.warn("node left running (-Dbreakwater.node.keep); stop it with e2e/tools/cluster down");
      return;
    }
    run(List.of("down"), DOWN_LIMIT);
  }

  private static Map<String, String> parse(String output) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : output.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        out.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    return out;
  }

  private static String run(List<String> args, Duration limit) {
    Path script = TestBed.repoRoot().resolve("e2e/tools/cluster");
    Path logs = TestBed.workDir("node");
    List<String> command = new ArrayList<>(List.of(script.toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.appendTo(logs.resolve("cluster.log").toFile()));
    builder.environment().put("BREAKWATER_NODE_LOGS", logs.toString());
    builder.environment().put("BREAKWATER_NODE_IP", UpstreamAddress.text());
    if (!Boolean.getBoolean("breakwater.node.keep")) {
      // the node goes down by itself should this JVM end without its shutdown hook (SIGKILL)
      builder.environment().put("BREAKWATER_NODE_OWNER",
          Long.toString(ProcessHandle.current().pid()));
    }
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("cluster " + args + " did not finish within " + limit);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("cluster " + args + " failed (" + process.exitValue()
            + "); see " + logs.resolve("cluster.log") + ":\n" + tail(logs.resolve("cluster.log")));
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }
}
