package dev.breakwater.xds.translate;

import dev.breakwater.xds.ir.IrEndpoint;
import dev.breakwater.xds.model.EndpointSliceModel;
import dev.breakwater.xds.model.ServiceModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a Service port to the addresses behind it. EndpointSlice ports carry the Service port's
 * name, not its number, so the match goes through the name (unnamed = "").
 */
final class EndpointResolver {
  private final Map<String, List<EndpointSliceModel>> slicesByService;

  EndpointResolver(List<EndpointSliceModel> slices) {
    this.slicesByService = new LinkedHashMap<>();
    for (EndpointSliceModel slice : slices) {
      slicesByService
          .computeIfAbsent(TargetResolver.key(slice.namespace(), slice.serviceName()), k -> new ArrayList<>())
          .add(slice);
    }
  }

  List<IrEndpoint> endpoints(ServiceModel service, ServiceModel.Port port) {
    Map<String, IrEndpoint> byAddress = new LinkedHashMap<>();
    List<EndpointSliceModel> slices =
        slicesByService.getOrDefault(TargetResolver.key(service.namespace(), service.name()), List.of());
    for (EndpointSliceModel slice : slices) {
      Integer target = targetPort(slice, port);
      if (target == null) {
        continue;
      }
      for (EndpointSliceModel.Endpoint endpoint : slice.endpoints()) {
        IrEndpoint.Health health = health(endpoint);
        for (String address : endpoint.addresses()) {
          // The same address in two slices (during a slice split) counts once, healthiest wins.
          byAddress.merge(address + ":" + target, new IrEndpoint(address, target, health),
              (a, b) -> a.health().ordinal() <= b.health().ordinal() ? a : b);
        }
      }
    }
    return byAddress.values().stream()
        .sorted((a, b) -> (a.address() + ":" + a.port()).compareTo(b.address() + ":" + b.port()))
        .toList();
  }

  private static Integer targetPort(EndpointSliceModel slice, ServiceModel.Port port) {
    for (EndpointSliceModel.Port p : slice.ports()) {
      if (p.name().equals(port.name()) && p.port() > 0) {
        return p.port();
      }
    }
    return null;
  }

  private static IrEndpoint.Health health(EndpointSliceModel.Endpoint endpoint) {
    if (endpoint.ready()) {
      return IrEndpoint.Health.HEALTHY;
    }
    return endpoint.terminating() && endpoint.serving() ? IrEndpoint.Health.DRAINING : IrEndpoint.Health.UNHEALTHY;
  }
}
