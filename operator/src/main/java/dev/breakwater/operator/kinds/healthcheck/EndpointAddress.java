package dev.breakwater.operator.kinds.healthcheck;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP literal addresses with a port, compared in one canonical form: Envoy writes IPv6 compressed
 * ({@code [fd00::7]:8080}), an EndpointSlice may not. Never resolves a name.
 */
final class EndpointAddress {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

  private EndpointAddress() {}

  /** {@code 10.0.0.7:8080} or {@code [fd00::7]:8080}; empty for anything else (a host name). */
  static Optional<InetSocketAddress> parse(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      return Optional.empty();
    }
    String host = hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      return of(host, Integer.parseInt(hostPort.substring(colon + 1)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** An IP literal and a port; empty for a host name or a port out of range. */
  static Optional<InetSocketAddress> of(String ip, int port) {
    if (port < 1 || port > 65535 || !(IPV4.matcher(ip).matches() || IPV6.matcher(ip).matches())) {
      return Optional.empty();
    }
    try {
      return Optional.of(new InetSocketAddress(InetAddress.getByName(ip), port));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** One text per address whatever the notation it was written in. */
  static String canonical(InetSocketAddress address) {
    return address.getAddress().getHostAddress() + ":" + address.getPort();
  }
}
