package dev.breakwater.xds.read;

/** The Kubernetes objects translation understands, read from YAML or from the API server. */
public sealed interface KubeObject
    permits KubeObject.PolicyObject, KubeObject.ServiceObject, KubeObject.EndpointSliceObject {

  record PolicyObject(dev.breakwater.xds.model.Policy policy) implements KubeObject {}

  record ServiceObject(dev.breakwater.xds.model.ServiceModel service) implements KubeObject {}

  record EndpointSliceObject(dev.breakwater.xds.model.EndpointSliceModel slice)
      implements KubeObject {}
}
