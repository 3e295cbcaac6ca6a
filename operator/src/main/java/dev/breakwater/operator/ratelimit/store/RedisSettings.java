package dev.breakwater.operator.ratelimit.store;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where Redis is and how long a decision may wait for it.
 *
 * @param cluster Redis Cluster (addresses are seed nodes) rather than one standalone server
 * @param addresses {@code host:port} entries
 * @param password null: no AUTH
 * @param timeout longest a decision waits for Redis; keep it below the Envoy filter's timeout so
 *     the service answers (with an error Envoy applies its failure mode to) before Envoy gives up
 */
public record RedisSettings(
    boolean cluster, List<String> addresses, boolean tls, String password, Duration timeout,
    Duration connectTimeout) {

  public RedisSettings {
    addresses = List.copyOf(addresses);
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("at least one Redis address is needed");
    }
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
  }

  public static RedisSettings standalone(String address, Duration timeout) {
    return new RedisSettings(false, List.of(address), false, null, timeout, Duration.ofSeconds(1));
  }

  public static RedisSettings cluster(List<String> seeds, Duration timeout) {
    return new RedisSettings(true, seeds, false, null, timeout, Duration.ofSeconds(1));
  }

  List<RedisURI> uris() {
    return addresses.stream().map(this::uri).toList();
  }

  private RedisURI uri(String address) {
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1) {
      throw new IllegalArgumentException("Redis address must be host:port, got " + address);
    }
    RedisURI.Builder uri = RedisURI.builder()
        .withHost(address.substring(0, colon))
        .withPort(Integer.parseInt(address.substring(colon + 1)))
        .withSsl(tls)
        .withTimeout(timeout);
    if (password != null && !password.isEmpty()) {
      uri.withPassword(password.toCharArray());
    }
    return uri.build();
  }

  @Override
  public String toString() {
    return "RedisSettings[" + (cluster ? "cluster " : "standalone ") + addresses + (tls ? " tls" : "")
        + (password == null ? "" : " password=***") + " timeout=" + timeout + "]";
  }
}
