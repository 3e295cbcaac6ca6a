package dev.breakwater.xds.translate;

import dev.breakwater.xds.ir.RoutedPort;
import dev.breakwater.xds.model.ClusterState;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.model.PolicyKind;
import dev.breakwater.xds.model.ServiceModel;
import dev.breakwater.xds.xds.XdsResourcesFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Model in, Envoy resources and per-policy results out. Pure and deterministic. */
public final class Translator {
  private final XdsResourcesFactory resources;

  public Translator(TranslatorOptions options) {
    this.resources = new XdsResourcesFactory(options);
  }

  public Translation translate(ClusterState state) {
    Map<String, ServiceModel> services = new LinkedHashMap<>();
    state.services().forEach(s -> services.put(TargetResolver.key(s.namespace(), s.name()), s));
    TargetResolver targets = new TargetResolver(services);
    EndpointResolver endpoints = new EndpointResolver(state.endpointSlices());

    PolicyClaims claims = new PolicyClaims();
    Map<Policy, PolicyOutcome> outcomes = new LinkedHashMap<>();
    // Services with at least one applied policy, each with every TCP port: a routed Service is
    // reachable on all its ports, even those no policy shapes.
    Map<String, ServiceModel> routed = new TreeMap<>();
    List<Policy> ordered = state.policies().stream().sorted(PolicyClaims.OLDEST_FIRST).toList();
    for (Policy policy : ordered) {
      TargetResolver.Resolution resolution = targets.resolve(policy);
      PolicyOutcome outcome = new PolicyOutcome(policy, resolution);
      if (resolution.resolved()) {
        for (ServiceModel.Port port : resolution.ports()) {
          String cluster = Names.cluster(resolution.service().namespace(), resolution.service().name(), port.port());
          Policy owner = claims.claim(policy, cluster);
          if (owner == null) {
            outcome.won(cluster);
          } else {
            outcome.lost(cluster, owner);
          }
        }
        if (!outcome.clusters().isEmpty()) {
          routed.put(TargetResolver.key(resolution.service().namespace(), resolution.service().name()),
              resolution.service());
        }
      }
      outcomes.put(policy, outcome);
    }

    List<RoutedPort> ports = new ArrayList<>();
    for (ServiceModel service : routed.values()) {
      for (ServiceModel.Port port : service.ports()) {
        if (!"TCP".equals(port.protocol())) {
          continue;
        }
        String cluster = Names.cluster(service.namespace(), service.name(), port.port());
        ports.add(new RoutedPort(service.namespace(), service.name(), port.port(), cluster,
            Http2.upstream(port),
            endpoints.endpoints(service, port),
            claims.owner(PolicyKind.CircuitBreakerPolicy, cluster),
            claims.owner(PolicyKind.HealthCheck, cluster),
            claims.owner(PolicyKind.RateLimitPolicy, cluster)));
      }
    }
    ports.sort(Comparator.comparing(RoutedPort::clusterName));

    List<PolicyResult> results = state.policies().stream()
        .map(p -> outcomes.get(p).result())
        .sorted(Comparator.comparing((PolicyResult r) -> r.meta().key()))
        .toList();
    return new Translation(resources.build(ports), results);
  }
}
