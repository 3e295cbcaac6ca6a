package dev.breakwater.e2e.scale;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Istio's side of the comparison: one DestinationRule per Service ({@code <svc>-dr}) with the
 * numbers of the Service's CircuitBreakerPolicy in {@link ScaleObjects#policy}: connection limits
 * (tcp.maxConnections, http1MaxPendingRequests, http2MaxRequests, maxRetries) and outlier detection
 * (5 consecutive 5xx, 10 s interval, 30 s base ejection, up to 100 % ejected: Breakwater's
 * failureThreshold with its default monitoringPeriod, resetTimeout and maxOpenEndpointsPercent).
 */
final class DestinationRules {
  static final String API_VERSION = "networking.istio.io/v1";
  static final String KIND = "DestinationRule";

  private final KubernetesClient client;

  DestinationRules(KubernetesClient client) {
    this.client = client;
  }

  /** Applies Istio's CRDs (crd-all.gen.yaml of the module istiod was built from). */
  static void installCrds(KubernetesClient client, Path file) {
    List<HasMetadata> items;
    try (InputStream in = Files.newInputStream(file)) {
      items = client.load(in).items();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (HasMetadata item : items) {
      client.resource(item).forceConflicts().serverSideApply();
    }
    org.awaitility.Awaitility.await("Istio CRDs Established").atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> items.stream().filter(i -> i instanceof CustomResourceDefinition)
            .allMatch(i -> established(client, i.getMetadata().getName())));
  }

  private static boolean established(KubernetesClient client, String name) {
    CustomResourceDefinition crd =
        client.apiextensions().v1().customResourceDefinitions().withName(name).get();
    return crd != null && crd.getStatus() != null && crd.getStatus().getConditions().stream()
        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  static String host(int service) {
    return ScaleObjects.serviceName(service) + "." + ScaleObjects.namespace(service)
        + ".svc.cluster.local";
  }

  /** The Envoy cluster istiod makes of a Service's port 80. */
  static String cluster(int service) {
    return "outbound|80||" + host(service);
  }

  static String name(int service) {
    return ScaleObjects.serviceName(service) + "-dr";
  }

  static GenericKubernetesResource rule(int service, int maxConnections) {
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion(API_VERSION);
    r.setKind(KIND);
    r.setMetadata(new ObjectMetaBuilder().withName(name(service))
        .withNamespace(ScaleObjects.namespace(service)).build());
    r.setAdditionalProperty("spec", Map.of("host", host(service),
        "trafficPolicy", Map.of(
            "connectionPool", Map.of(
                "tcp", Map.of("maxConnections", maxConnections),
                "http", Map.of("http1MaxPendingRequests", 50, "http2MaxRequests", 200,
                    "maxRetries", 3)),
            "outlierDetection", Map.of("consecutive5xxErrors", 5, "interval", "10s",
                "baseEjectionTime", "30s", "maxEjectionPercent", 100))));
    return r;
  }

  void create(int service, int maxConnections) {
    client.resource(rule(service, maxConnections)).create();
  }

  void setMaxConnections(int service, int maxConnections) {
    client.genericKubernetesResources(API_VERSION, KIND)
        .inNamespace(ScaleObjects.namespace(service)).withName(name(service))
        .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("spec",
            Map.of("trafficPolicy", Map.of("connectionPool",
                Map.of("tcp", Map.of("maxConnections", maxConnections)))))));
  }
}
