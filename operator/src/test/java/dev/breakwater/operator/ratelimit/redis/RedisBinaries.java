package dev.breakwater.operator.ratelimit.redis;

import java.nio.file.Files;
import java.nio.file.Path;

/** redis-server and redis-cli as provisioned by e2e/tools/provision (Debian's package). */
final class RedisBinaries {

  private RedisBinaries() {}

  static Path server() {
    return find("REDIS_SERVER", "redis-server");
  }

  static Path cli() {
    return find("REDIS_CLI", "redis-cli");
  }

  private static Path find(String env, String name) {
    String configured = System.getenv(env);
    Path path = configured != null ? Path.of(configured) : Path.of("/usr/bin", name);
    if (!Files.isExecutable(path)) {
      throw new IllegalStateException(name + " not found at " + path
          + ": run e2e/tools/provision (it installs Debian's redis-server)");
    }
    return path;
  }
}
