package dev.breakwater.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the provisioned binaries are: {@code e2e/tools/provision} prints {@code KEY=VALUE} lines,
 * the Maven build writes them to the file named by the system property {@code
 * breakwater.testbed.env}, and every fixture reads them from here.
 */
public final class TestBed {
  private static volatile TestBed instance;

  private final Map<String, String> values;

  private TestBed(Map<String, String> values) {
    this.values = values;
  }

  public static TestBed get() {
    if (instance == null) {
      synchronized (TestBed.class) {
        if (instance == null) {
          instance = load();
        }
      }
    }
    return instance;
  }

  private static TestBed load() {
    String file = System.getProperty("breakwater.testbed.env");
    if (file == null || !Files.isRegularFile(Path.of(file))) {
      throw new IllegalStateException("test bed not provisioned: run `./mvnw verify` (or "
          + "`e2e/tools/provision > e2e/target/testbed.env` and pass -Dbreakwater.testbed.env)");
    }
    try {
      Map<String, String> values = new LinkedHashMap<>();
      for (String line : Files.readAllLines(Path.of(file))) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
      }
      return new TestBed(values);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String value(String key) {
    String v = values.get(key);
    if (v == null) {
      throw new IllegalStateException("provision output has no " + key + ": " + values);
    }
    return v;
  }

  public String kubernetesVersion() {
    return value("KUBERNETES_VERSION");
  }

  public Path kubectl() {
    return Path.of(value("KUBECTL"));
  }

  public Path envoy() {
    return Path.of(value("ENVOY"));
  }

  /** Debian's redis-server (provision installs the package when missing). */
  public Path redisServer() {
    return Path.of(value("REDIS_SERVER"));
  }

  public Path kubeApiServer() {
    return Path.of(value("KUBE_APISERVER"));
  }

  public Path etcd() {
    return Path.of(value("ETCD"));
  }

  public Path kubeApiTestDir() {
    return Path.of(value("KUBE_API_TEST_DIR"));
  }

  /** The repository's root directory (parent of {@code e2e/}). */
  public static Path repoRoot() {
    return Path.of(System.getProperty("breakwater.repo.root", "..")).toAbsolutePath().normalize();
  }

  /** A directory under {@code e2e/target/} for logs and rendered config of this run. */
  public static Path workDir(String name) {
    Path dir = Path.of(System.getProperty("breakwater.work.dir", "target/e2e")).resolve(name);
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
