package dev.breakwater.xds.translate;

import dev.breakwater.xds.ir.Backend;
import dev.breakwater.xds.ir.RoutedPort;
import dev.breakwater.xds.ir.RoutedService;
import dev.breakwater.xds.model.BackendRef;
import dev.breakwater.xds.policies.PolicyKinds;
import dev.breakwater.xds.model.ClusterState;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.model.ServiceModel;
import dev.breakwater.xds.names.EnvoyNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Model in, IR and per-policy results out: resolves each policy's target, settles conflicts per
 * kind and Service port (oldest first), asks the winners' kinds what they mean next to each other
 * ({@link PortInterplay}), and lists every port Envoy routes with the winners that apply there.
 * Pure and deterministic; knows nothing of any particular kind.
 */
public final class IrTranslator {

  public IrTranslation translate(ClusterState state) {
    Map<String, ServiceModel> services = new LinkedHashMap<>();
    state.services().forEach(s -> services.put(TargetResolver.key(s.namespace(), s.name()), s));
    TargetResolver targets = new TargetResolver(services);
    EndpointResolver endpoints = new EndpointResolver(state.endpointSlices());

    PolicyClaims claims = new PolicyClaims();
    Map<Policy, PolicyVerdict> verdicts = new LinkedHashMap<>();
    // Services with at least one applied policy, each with every TCP port: a routed Service is
    // reachable on all its ports, even those no policy shapes.
    Map<String, ServiceModel> routed = new TreeMap<>();
    List<Policy> ordered = state.policies().stream().sorted(PolicyClaims.OLDEST_FIRST).toList();
    for (Policy policy : ordered) {
      TargetResolver.Resolution resolution = targets.resolve(policy);
      PolicyVerdict verdict = new PolicyVerdict(policy, resolution);
      if (resolution.resolved()) {
        ServiceModel service = resolution.service();
        for (ServiceModel.Port port : resolution.ports()) {
          String cluster = EnvoyNames.cluster(service.namespace(), service.name(), port.port());
          Policy owner = claims.claim(policy, cluster);
          if (owner == null) {
            verdict.won(cluster);
          } else {
            verdict.lost(cluster, owner);
          }
        }
        if (!verdict.clusters().isEmpty()) {
          routed.put(TargetResolver.key(service.namespace(), service.name()), service);
        }
      }
      verdicts.put(policy, verdict);
    }

    PortInterplay interplay = new PortInterplay(verdicts);
    HostNameClaims hostNames = new HostNameClaims();
    Map<String, List<RoutedPort>> portsByService = new LinkedHashMap<>();
    for (ServiceModel service : routed.values()) {
      List<RoutedPort> ports = new ArrayList<>();
      Set<Policy> winners = new LinkedHashSet<>();
      for (ServiceModel.Port port : service.ports()) {
        if (!"TCP".equals(port.protocol())) {
          continue;
        }
        String cluster = EnvoyNames.cluster(service.namespace(), service.name(), port.port());
        RoutedPort settled = interplay.settle(new RoutedPort(service.namespace(),
            service.name(), port.port(), cluster, Http2.upstream(port),
            endpoints.endpoints(service, port), claims.owners(cluster), List.of()));
        winners.addAll(claims.owners(cluster).values());
        ports.add(withBackends(settled, services, endpoints, verdicts));
      }
      ports.sort(Comparator.comparing(RoutedPort::clusterName));
      String key = TargetResolver.key(service.namespace(), service.name());
      portsByService.put(key, ports);
      hostNames.routed(service.namespace(), service.name(), List.copyOf(winners));
    }
    Map<String, List<String>> names = hostNames.allocate(verdicts);
    List<RoutedService> routedServices = new ArrayList<>();
    routed.forEach((key, service) -> routedServices.add(new RoutedService(service.namespace(),
        service.name(), names.get(key), portsByService.get(key))));

    List<PolicyResult> results = state.policies().stream()
        .map(p -> verdicts.get(p).result())
        .sorted(Comparator.comparing((PolicyResult r) -> r.meta().key()))
        .toList();
    return new IrTranslation(routedServices, results);
  }

  /** The port with the Service ports its policies send requests to (a fallback), resolved. */
  private static RoutedPort withBackends(RoutedPort settled, Map<String, ServiceModel> services,
      EndpointResolver endpoints, Map<Policy, PolicyVerdict> verdicts) {
    List<Backend> backends = new ArrayList<>();
    for (Policy owner : settled.policies().values()) {
      for (BackendRef ref : PolicyKinds.backends(owner)) {
        resolveBackend(services, endpoints, settled.clusterName(), owner, ref)
            .ifPresentOrElse(backends::add, () -> verdicts.get(owner).missingBackend(
                "Service " + owner.meta().namespace() + "/" + ref.service() + " port "
                    + ref.port() + " not found: it is left out until it exists"));
      }
    }
    return new RoutedPort(settled.namespace(), settled.service(), settled.port(),
        settled.clusterName(), settled.http2(), settled.endpoints(), settled.policies(),
        backends);
  }

  private static java.util.Optional<Backend> resolveBackend(Map<String, ServiceModel> services,
      EndpointResolver endpoints, String cluster, Policy owner, BackendRef ref) {
    ServiceModel service = services.get(TargetResolver.key(owner.meta().namespace(), ref.service()));
    if (service == null) {
      return java.util.Optional.empty();
    }
    return service.ports().stream()
        .filter(p -> p.port() == ref.port() && "TCP".equals(p.protocol()))
        .findFirst()
        .map(p -> new Backend(owner.kind(), ref,
            EnvoyNames.backendCluster(cluster, owner.kind(), ref.service(), ref.port()),
            Http2.upstream(p), endpoints.endpoints(service, p)));
  }
}
