package dev.breakwater.xds.policy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Breakwater's own services the proxies call on behalf of policies, as the operator was told:
 * where the global rate limit service answers and how long a proxy waits for it.
 *
 * @param rateLimitService {@code host:port} of the rate limit service, one entry per address; a
 *     DNS name stands for every address it resolves to (a headless Service: one per replica)
 * @param rateLimitTimeout the longest a request waits for the service's decision before the
 *     policy's failureMode applies (Envoy's own default is 20 ms)
 */
public record ProxyServices(List<String> rateLimitService, Duration rateLimitTimeout) {

  public static final String DEFAULT_RATE_LIMIT_SERVICE = "breakwater-ratelimit.breakwater.svc:8081";
  public static final Duration DEFAULT_RATE_LIMIT_TIMEOUT = Duration.ofMillis(100);
  public static final ProxyServices DEFAULTS =
      new ProxyServices(List.of(DEFAULT_RATE_LIMIT_SERVICE), DEFAULT_RATE_LIMIT_TIMEOUT);

  public ProxyServices {
    rateLimitService = List.copyOf(Objects.requireNonNull(rateLimitService, "rateLimitService"));
    Objects.requireNonNull(rateLimitTimeout, "rateLimitTimeout");
    if (rateLimitService.isEmpty()) {
      throw new IllegalArgumentException("the rate limit service needs at least one address");
    }
    rateLimitService.forEach(ProxyServices::port);
    if (rateLimitTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("the rate limit timeout must be at least 1 ms");
    }
  }

  /** The host of a {@code host:port} address ({@code [v6]:port} also accepted). */
  public static String host(String address) {
    int colon = address.lastIndexOf(':');
    String host = address.substring(0, Math.max(colon, 0));
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** The port of a {@code host:port} address. */
  public static int port(String address) {
    int colon = address.lastIndexOf(':');
    int port = -1;
    try {
      port = colon > 0 ? Integer.parseInt(address.substring(colon + 1)) : -1;
    } catch (NumberFormatException e) {
      // reported below
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("not host:port: \"" + address + "\"");
    }
    return port;
  }
}
