package dev.breakwater.operator.ratelimit.redis;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis Cluster of three masters and one replica each on loopback ports, created with
 * {@code redis-cli --cluster create}; every node is a child process of the test.
 */
public final class RedisClusterBed implements AutoCloseable {

  private final List<RedisNode> nodes = new ArrayList<>();

  private RedisClusterBed() {}

  public static RedisClusterBed start(Path dir) {
    RedisClusterBed bed = new RedisClusterBed();
    try {
      for (int i = 0; i < 6; i++) {
        bed.nodes.add(RedisNode.clusterNode(dir.resolve("node-" + i)));
      }
      List<String> command = new ArrayList<>(List.of(RedisBinaries.cli().toString(), "--cluster", "create"));
      bed.nodes.forEach(n -> command.add(n.address()));
      command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
      Process create = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(dir.resolve("cluster-create.log").toFile()).start();
      if (!create.waitFor(60, TimeUnit.SECONDS) || create.exitValue() != 0) {
        create.destroyForcibly();
        throw new IllegalStateException("redis-cli --cluster create failed: see "
            + dir.resolve("cluster-create.log"));
      }
      // a replica that has not synced with its master yet would refuse to take over from it
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> bed.healthy() && bed.replicasInSync());
      return bed;
    } catch (IOException e) {
      bed.close();
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      bed.close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (RuntimeException | Error e) {
      bed.close();
      throw e;
    }
  }

  /** Every running node says cluster_state:ok and three nodes are masters with slots. */
  public boolean healthy() {
    for (RedisNode node : nodes) {
      if (node.running()) {
        String info = node.command("CLUSTER INFO");
        if (info == null || !info.contains("cluster_state:ok")) {
          return false;
        }
      }
    }
    return masters().size() == 3;
  }

  /** Every running replica's link to its master is up. */
  boolean replicasInSync() {
    for (RedisNode node : nodes) {
      String info = node.running() ? node.command("INFO replication") : null;
      if (info != null && info.contains("role:slave") && !info.contains("master_link_status:up")) {
        return false;
      }
    }
    return true;
  }

  /** Running nodes that are masters. */
  public List<RedisNode> masters() {
    List<RedisNode> masters = new ArrayList<>();
    for (RedisNode node : nodes) {
      if (node.running()) {
        String info = node.command("INFO replication");
        if (info != null && info.contains("role:master")) {
          masters.add(node);
        }
      }
    }
    return masters;
  }

  public List<String> seeds() {
    return nodes.stream().map(RedisNode::address).toList();
  }

  public List<RedisNode> nodes() {
    return List.copyOf(nodes);
  }

  @Override
  public void close() {
    nodes.forEach(RedisNode::stop);
  }
}
