package dev.breakwater.xds.envoy;

import dev.breakwater.xds.ir.RoutedPort;
import dev.breakwater.xds.ir.RoutedService;
import java.util.ArrayList;
import java.util.List;

/**
 * Domains of one Service port's virtual host, inside its Service's RouteConfiguration: each host
 * name the Service holds with {@code :port}, and without it for the Service's only port or its
 * port 80 (what a client sends when it leaves the port out).
 */
final class VirtualHostDomains {
  private VirtualHostDomains() {}

  static List<String> of(RoutedService service, RoutedPort port) {
    boolean portless = port.port() == 80 || service.ports().size() == 1;
    List<String> out = new ArrayList<>();
    for (String host : service.hostNames()) {
      if (portless) {
        out.add(host);
      }
      out.add(host + ":" + port.port());
    }
    return out;
  }
}
