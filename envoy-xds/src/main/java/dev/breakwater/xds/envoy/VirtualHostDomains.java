package dev.breakwater.xds.envoy;

import dev.breakwater.xds.ir.RoutedPort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Host names a Service port answers to: {@code name}, {@code name.ns}, {@code name.ns.svc},
 * {@code name.ns.svc.cluster.local}, each with {@code :port}, and without it for a Service's only
 * port or its port 80 (what a client sends when it leaves the port out). Envoy rejects a route
 * configuration in which two virtual hosts share a domain, so a name that would still be shared
 * (the bare Service name in two namespaces) is left out everywhere it collides.
 */
final class VirtualHostDomains {
  private VirtualHostDomains() {}

  static Map<String, List<String>> allocate(List<RoutedPort> ports) {
    Map<String, List<String>> candidates = new LinkedHashMap<>();
    Map<String, Integer> uses = new HashMap<>();
    Map<String, Integer> portsPerService = new HashMap<>();
    ports.forEach(p -> portsPerService.merge(p.namespace() + "/" + p.service(), 1, Integer::sum));
    for (RoutedPort port : ports) {
      boolean portless = port.port() == 80 || portsPerService.get(port.namespace() + "/" + port.service()) == 1;
      List<String> names = candidates(port, portless);
      candidates.put(port.clusterName(), names);
      names.forEach(n -> uses.merge(n, 1, Integer::sum));
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    candidates.forEach((cluster, names) ->
        out.put(cluster, names.stream().filter(n -> uses.get(n) == 1).toList()));
    return out;
  }

  private static List<String> candidates(RoutedPort port, boolean portless) {
    String[] hosts = {
      port.service(),
      port.service() + "." + port.namespace(),
      port.service() + "." + port.namespace() + ".svc",
      port.service() + "." + port.namespace() + ".svc.cluster.local",
    };
    List<String> out = new ArrayList<>();
    for (String host : hosts) {
      if (portless) {
        out.add(host);
      }
      out.add(host + ":" + port.port());
    }
    return out;
  }
}
