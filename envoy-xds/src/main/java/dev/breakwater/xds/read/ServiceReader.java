package dev.breakwater.xds.read;

import dev.breakwater.xds.model.ServiceModel;
import java.util.ArrayList;
import java.util.List;

/** A core/v1 Service: its ports are what policies target. */
final class ServiceReader {
  private ServiceReader() {}

  static ServiceModel service(ObjectFields root) {
    ObjectFields metadata = root.required("metadata");
    String name = metadata.requiredString("name");
    String namespace = metadata.string("namespace");
    List<ServiceModel.Port> ports = new ArrayList<>();
    for (ObjectFields port : root.object("spec").objects("ports")) {
      Integer number = port.requiredInteger("port", 1, 65535);
      String protocol = port.string("protocol");
      ports.add(new ServiceModel.Port(
          port.string("name") == null ? "" : port.string("name"),
          number == null ? 0 : number,
          port.intOrString("targetPort"),
          protocol == null ? "TCP" : protocol,
          port.string("appProtocol")));
    }
    return new ServiceModel(
        namespace == null || namespace.isEmpty() ? MetadataReader.DEFAULT_NAMESPACE : namespace,
        name == null ? "" : name,
        ports,
        root.object("spec").string("type"));
  }
}
