package dev.breakwater.xds.translate;

import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.model.ServiceModel;
import dev.breakwater.xds.model.PolicyTarget;
import java.util.List;
import java.util.Map;

/** Resolves a policy's targetRef to the Service ports it shapes, or says why it cannot. */
final class TargetResolver {
  /** The API server's own Service (default/kubernetes), which no policy may put on a proxy. */
  static final String API_SERVER_NAMESPACE = "default";
  static final String API_SERVER_SERVICE = "kubernetes";

  private final Map<String, ServiceModel> services;

  TargetResolver(Map<String, ServiceModel> services) {
    this.services = services;
  }

  static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  /** Either the ports, or a failure with the reason for both Accepted and ResolvedRefs. */
  record Resolution(ServiceModel service, List<ServiceModel.Port> ports, String reason, String message) {
    boolean resolved() {
      return reason == null;
    }

    static Resolution failed(String reason, String message) {
      return new Resolution(null, List.of(), reason, message);
    }
  }

  Resolution resolve(Policy policy) {
    PolicyTarget ref = policy.targetRef();
    String ns = policy.meta().namespace();
    if (!ref.kind().equals("Service") || !ref.group().isEmpty()) {
      return Resolution.failed(Reasons.UNSUPPORTED_TARGET,
          "targetRef must be a core Service, got " + ref.group() + "/" + ref.kind());
    }
    if (ref.namespace() != null && !ref.namespace().isEmpty() && !ref.namespace().equals(ns)) {
      return Resolution.failed(Reasons.TARGET_NOT_FOUND, "targetRef points to namespace "
          + ref.namespace() + "; a policy can only target a Service in its own namespace " + ns);
    }
    ServiceModel service = services.get(key(ns, ref.name()));
    if (service == null) {
      return Resolution.failed(Reasons.TARGET_NOT_FOUND, "Service " + ns + "/" + ref.name() + " not found");
    }
    if (ServiceModel.EXTERNAL_NAME.equals(service.type())) {
      // an EDS cluster without endpoints: every request would get 503
      return Resolution.failed(Reasons.UNSUPPORTED_TARGET, "Service " + ns + "/" + ref.name()
          + " is of type ExternalName (a DNS name, no endpoints); Breakwater routes to a "
          + "Service's endpoints");
    }
    if (ns.equals(API_SERVER_NAMESPACE) && ref.name().equals(API_SERVER_SERVICE)) {
      return Resolution.failed(Reasons.UNSUPPORTED_TARGET, "Service " + ns + "/" + ref.name()
          + " is the Kubernetes API server's own; Breakwater does not publish it on its proxies");
    }
    List<ServiceModel.Port> tcp = service.ports().stream()
        .filter(p -> "TCP".equals(p.protocol()))
        .toList();
    if (ref.port() == null) {
      return tcp.isEmpty()
          ? Resolution.failed(Reasons.PORT_NOT_FOUND, "Service " + ns + "/" + ref.name() + " has no TCP port")
          : new Resolution(service, tcp, null, null);
    }
    for (ServiceModel.Port port : service.ports()) {
      if (port.port() == ref.port()) {
        return "TCP".equals(port.protocol())
            ? new Resolution(service, List.of(port), null, null)
            : Resolution.failed(Reasons.PORT_NOT_FOUND, "port " + ref.port() + " of Service "
                + ns + "/" + ref.name() + " is " + port.protocol() + "; Envoy routes HTTP over TCP only");
      }
    }
    return Resolution.failed(Reasons.PORT_NOT_FOUND, "Service " + ns + "/" + ref.name()
        + " has no port " + ref.port() + " (ports: "
        + String.join(", ", service.ports().stream().map(p -> String.valueOf(p.port())).toList()) + ")");
  }
}
