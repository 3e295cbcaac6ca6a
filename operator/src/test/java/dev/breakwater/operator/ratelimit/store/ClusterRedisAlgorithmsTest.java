package dev.breakwater.operator.ratelimit.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakwater.operator.ratelimit.redis.RedisClusterBed;
import dev.breakwater.operator.ratelimit.redis.RedisNode;
import dev.breakwater.xds.policies.ratelimit.descriptor.Algorithm;
import dev.breakwater.operator.ratelimit.rules.LimitCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The algorithms on a Redis Cluster of three masters with a replica each. */
class ClusterRedisAlgorithmsTest extends RedisAlgorithmsContract {

  @TempDir
  static Path dir;
  static RedisClusterBed cluster;
  static RedisLimitStore store;

  @BeforeAll
  static void startCluster() {
    cluster = RedisClusterBed.start(dir);
    store = RedisLimitStore.start(RedisSettings.cluster(cluster.seeds(), TIMEOUT));
  }

  @AfterAll
  static void stopCluster() {
    if (store != null) {
      store.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  LimitStore store() {
    return store;
  }

  @Test
  void budgetsSpreadOverEveryMaster() {
    String policy = policy("spread");
    Set<String> owners = new HashSet<>();
    for (int k = 0; k < 30; k++) {
      LimitCheck check = check(Algorithm.FixedWindow, policy, "user-" + k, 5, Duration.ofSeconds(2));
      assertThat(store.decide(check).join().allowed()).isTrue();
      owners.add(ownerOf(cluster, RedisKeys.of(check)).address());
    }
    assertThat(owners).hasSize(3);
  }

  /** The running master serving the key's slot. */
  static RedisNode ownerOf(RedisClusterBed cluster, String key) {
    long slot = Long.parseLong(cluster.nodes().stream().filter(RedisNode::running).findFirst()
        .orElseThrow().command("CLUSTER KEYSLOT " + key).substring(1));
    for (RedisNode master : cluster.masters()) {
      // a master answers GETs for its own slots and MOVED for the others
      String reply = master.command("EXISTS " + key);
      if (reply != null && !reply.startsWith("-MOVED")) {
        return master;
      }
    }
    throw new AssertionError("no master serves slot " + slot);
  }
}
