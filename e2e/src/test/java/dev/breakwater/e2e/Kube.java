package dev.breakwater.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/** Kubernetes objects the tests write: namespaces, backends (Service + EndpointSlices), policies. */
public final class Kube {
  public static final String API_VERSION = Crds.GROUP + "/v1alpha1";
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private Kube() {}

  /** A fresh namespace per test class, so classes sharing the API server never see each other. */
  public static String createNamespace(KubernetesClient client, String prefix) {
    String name = (prefix + "-" + NAMESPACES.incrementAndGet() + "-"
        + Long.toString(System.nanoTime() % 100_000, 36)).toLowerCase(Locale.ROOT);
    client.resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  /**
   * A Service without selector on {@code port} and one EndpointSlice per upstream, each pointing at
   * {@link UpstreamAddress} on that upstream's port (slice ports are per slice: one per upstream).
   */
  public static void createBackend(KubernetesClient client, String namespace, String service,
      int port, List<Upstream> upstreams) {
    createService(client, namespace, service, port);
    writeEndpointSlices(client, namespace, service, upstreams);
  }

  public static void createService(KubernetesClient client, String namespace, String service,
      int port) {
    client.resource(new ServiceBuilder()
        .withNewMetadata().withName(service).withNamespace(namespace).endMetadata()
        .withNewSpec()
        .addNewPort().withName("http").withProtocol("TCP").withPort(port).endPort()
        .endSpec()
        .build()).create();
  }

  public static void deleteService(KubernetesClient client, String namespace, String service) {
    client.services().inNamespace(namespace).withName(service).delete();
    await("Service " + service + " gone").atMost(Duration.ofSeconds(20))
        .until(() -> client.services().inNamespace(namespace).withName(service).get() == null);
  }

  public static void writeEndpointSlices(KubernetesClient client, String namespace,
      String service, List<Upstream> upstreams) {
    for (int i = 0; i < upstreams.size(); i++) {
      client.resource(new EndpointSliceBuilder()
          .withNewMetadata()
          .withName(service + "-" + i)
          .withNamespace(namespace)
          .addToLabels("kubernetes.io/service-name", service)
          .addToLabels("endpointslice.kubernetes.io/managed-by", "e2e.breakwater.dev")
          .endMetadata()
          .withAddressType("IPv4")
          .addNewEndpoint()
          .withAddresses(UpstreamAddress.text())
          .withNewConditions().withReady(true).endConditions()
          .endEndpoint()
          .addNewPort().withName("http").withProtocol("TCP").withPort(upstreams.get(i).port())
          .endPort()
          .build()).forceConflicts().serverSideApply();
    }
  }

  /** Creates or updates (server-side apply) the objects of a YAML document set in namespace. */
  public static List<HasMetadata> apply(KubernetesClient client, String namespace, String yaml) {
    return client.resourceList(yaml).inNamespace(namespace).forceConflicts().serverSideApply();
  }

  public static void deletePolicy(KubernetesClient client, String namespace, String kind,
      String name) {
    client.genericKubernetesResources(API_VERSION, kind).inNamespace(namespace).withName(name)
        .delete();
    await(kind + " " + name + " gone").atMost(Duration.ofSeconds(20))
        .until(() -> policy(client, namespace, kind, name) == null);
  }

  /** The policy as a JSON tree (null when absent); status fields are read with {@code at()}. */
  public static JsonNode policy(KubernetesClient client, String namespace, String kind,
      String name) {
    GenericKubernetesResource r = client.genericKubernetesResources(API_VERSION, kind)
        .inNamespace(namespace).withName(name).get();
    return r == null ? null : Serialization.jsonMapper().valueToTree(r);
  }
}
