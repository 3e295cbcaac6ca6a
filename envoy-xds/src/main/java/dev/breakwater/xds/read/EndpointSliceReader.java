package dev.breakwater.xds.read;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakwater.xds.model.EndpointSliceModel;
import java.util.ArrayList;
import java.util.List;

/** A discovery.k8s.io/v1 EndpointSlice; FQDN slices are skipped (Envoy EDS wants IPs). */
final class EndpointSliceReader {
  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  private EndpointSliceReader() {}

  static EndpointSliceModel slice(JsonNode object, ObjectFields root) {
    ObjectFields metadata = root.required("metadata");
    String name = metadata.requiredString("name");
    String namespace = metadata.string("namespace");
    String service = object.path("metadata").path("labels").path(SERVICE_NAME_LABEL).asText("");
    if (service.isEmpty()) {
      metadata.error("labels", "an EndpointSlice needs the label " + SERVICE_NAME_LABEL);
    }
    boolean ipSlice = !"FQDN".equals(root.string("addressType"));
    List<EndpointSliceModel.Port> ports = new ArrayList<>();
    for (ObjectFields port : root.objects("ports")) {
      Integer number = port.integer("port", 1, 65535);
      ports.add(new EndpointSliceModel.Port(
          port.string("name") == null ? "" : port.string("name"),
          number == null ? 0 : number,
          port.string("protocol") == null ? "TCP" : port.string("protocol"),
          port.string("appProtocol")));
    }
    List<EndpointSliceModel.Endpoint> endpoints = new ArrayList<>();
    for (ObjectFields endpoint : ipSlice ? root.objects("endpoints") : List.<ObjectFields>of()) {
      ObjectFields conditions = endpoint.object("conditions");
      // Kubernetes: an unset ready condition means ready; unset serving follows ready.
      boolean ready = conditions.bool("ready", true);
      endpoints.add(new EndpointSliceModel.Endpoint(
          endpoint.strings("addresses"),
          ready,
          conditions.bool("serving", ready),
          conditions.bool("terminating", false)));
    }
    return new EndpointSliceModel(
        namespace == null || namespace.isEmpty() ? MetadataReader.DEFAULT_NAMESPACE : namespace,
        name == null ? "" : name,
        service,
        ports,
        endpoints);
  }
}
